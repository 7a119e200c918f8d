package com.kaphera.cloud.join;

import com.kaphera.cloud.governance.Dataspace;

/**
 * The authority a join asks for membership. {@link PlatformAuthority} is the dataspace governed on
 * this platform (database only: called inside the join's fenced transaction); {@link RemoteAuthority}
 * a dataspace governed by another Kaphera platform (over HTTP: called with no transaction, its outcome
 * recorded fenced afterwards, by {@link JoinWorkers}).
 */
public interface DataspaceAuthority {

    /**
     * Makes sure the organisation has asked to join (creating the membership request with its
     * onboarding checks the first time, adopting an open one) and says where that stands.
     */
    StepOutcome membership(JoinFlow join, Dataspace dataspace, String did, String legalEntityId);
}
