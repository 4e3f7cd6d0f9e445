package dev.runway.coordinator.rest;

import dev.runway.coordinator.phase.RollbackRequest;

/**
 * The body of {@code POST /releases/{id}/abort} and {@code /rollback}; both fields optional, the body too.
 *
 * @param as for a rollback request, the authority asked as; needed only when the caller holds both roles
 */
public record ActionRequest(String reason, RollbackRequest.Authority as) {

    static final ActionRequest NONE = new ActionRequest(null, null);
}
