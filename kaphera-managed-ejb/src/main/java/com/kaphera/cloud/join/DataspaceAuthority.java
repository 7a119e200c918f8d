package com.kaphera.cloud.join;

import com.kaphera.cloud.governance.Dataspace;

/**
 * The authority a join asks for membership. {@link PlatformAuthority} is the dataspace governed on
 * this platform; a dataspace hosted elsewhere would be another implementation (over HTTP), not yet
 * written (docs/joins.md, known gaps). Called inside the join's fenced transaction.
 */
public interface DataspaceAuthority {

    /**
     * Makes sure the organisation has asked to join (creating the membership request with its
     * onboarding checks the first time, adopting an open one) and says where that stands.
     */
    StepOutcome membership(JoinFlow join, Dataspace dataspace, String did, String legalEntityId);
}
