package com.kaphera.cloud.governance.membership;

import com.kaphera.cloud.common.ConflictException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A membership request's life, with its allowed transitions in one place:
 * submitted → validating → awaiting-approval → approved | rejected | withdrawn. A request stays
 * validating while an automatic step fails (the applicant changes its inputs, or someone re-runs the
 * step); awaiting-approval goes back to validating when inputs change.
 */
public enum RequestState {
    SUBMITTED, VALIDATING, AWAITING_APPROVAL, APPROVED, REJECTED, WITHDRAWN;

    private static final Set<RequestState> OPEN = EnumSet.of(SUBMITTED, VALIDATING, AWAITING_APPROVAL);

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RequestState fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    public Set<RequestState> next() {
        return switch (this) {
            case SUBMITTED -> EnumSet.of(VALIDATING, REJECTED, WITHDRAWN);
            case VALIDATING, AWAITING_APPROVAL -> EnumSet.of(VALIDATING, AWAITING_APPROVAL, APPROVED, REJECTED, WITHDRAWN);
            case APPROVED, REJECTED, WITHDRAWN -> EnumSet.noneOf(RequestState.class);
        };
    }

    /** @throws ConflictException in plain language when {@code target} cannot follow this state. */
    public void requireCanMoveTo(RequestState target) {
        if (!next().contains(target)) {
            throw new ConflictException("The request is " + id() + (isOpen() ? "" : ", which is final")
                    + "; it cannot become " + target.id());
        }
    }
}
