package dev.spool.engine;

/**
 * A named failure raised by the engine. The message is the detail RabbitMQ puts after the condition's name, e.g.
 * {@code no queue 'orders' in vhost '/'}; the front end adds the {@code NOT_FOUND - } prefix.
 */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCondition condition;

    public EngineException(ErrorCondition condition, String detail) {
        super(detail, null, false, false);
        this.condition = condition;
    }

    public ErrorCondition condition() {
        return condition;
    }

    public static EngineException notFound(String detail) {
        return new EngineException(ErrorCondition.NOT_FOUND, detail);
    }

    public static EngineException preconditionFailed(String detail) {
        return new EngineException(ErrorCondition.PRECONDITION_FAILED, detail);
    }

    public static EngineException resourceLocked(String detail) {
        return new EngineException(ErrorCondition.RESOURCE_LOCKED, detail);
    }

    public static EngineException accessRefused(String detail) {
        return new EngineException(ErrorCondition.ACCESS_REFUSED, detail);
    }
}
