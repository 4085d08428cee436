package dev.spool.management.api;

import dev.spool.engine.EngineException;

/**
 * A failed request, answered as RabbitMQ answers it: a status and {@code {"error": ..., "reason": ...}}. Thrown by
 * handlers; the server's exception handler writes it.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    public ApiError(int status, String error, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String reason() {
        return getMessage();
    }

    /** 404 as RabbitMQ words it. */
    public static ApiError notFound() {
        return new ApiError(404, "Object Not Found", "Not Found");
    }

    public static ApiError badRequest(String reason) {
        return new ApiError(400, "bad_request", reason);
    }

    /** 401: no or wrong credentials, or a user without a management tag. */
    public static ApiError unauthorized(String reason) {
        return new ApiError(401, "not_authorized", reason);
    }

    /** 403: a known management user who may not do this. */
    public static ApiError forbidden(String reason) {
        return new ApiError(403, "not_authorized", reason);
    }

    /** The HTTP reading of an engine condition, as RabbitMQ's management maps channel errors. */
    public static ApiError of(EngineException e) {
        switch (e.condition()) {
            case NOT_FOUND:
                return new ApiError(404, "not_found", e.getMessage());
            case ACCESS_REFUSED:
            case NOT_ALLOWED:
                return new ApiError(403, "access_refused", e.getMessage());
            case RESOURCE_LOCKED:
                return new ApiError(405, "resource_locked", e.getMessage());
            case PRECONDITION_FAILED:
            case COMMAND_INVALID:
                return new ApiError(400, "bad_request", e.getMessage());
            case NOT_IMPLEMENTED:
                return new ApiError(501, "not_implemented", e.getMessage());
            default:
                return new ApiError(500, "internal_error", e.getMessage());
        }
    }
}
