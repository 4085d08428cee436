package dev.spool.engine.policy;

import dev.spool.engine.EngineException;

/** A policy's {@code apply-to}: which kinds of resources its pattern is matched against. Default {@link #ALL}. */
public enum ApplyTo {
    ALL("all"),
    EXCHANGES("exchanges"),
    QUEUES("queues"),
    CLASSIC_QUEUES("classic_queues"),
    QUORUM_QUEUES("quorum_queues"),
    STREAMS("streams");

    private final String text;

    ApplyTo(String text) {
        this.text = text;
    }

    /** As written in {@code rabbitmqctl set_policy --apply-to} and the HTTP API. */
    public String text() {
        return text;
    }

    /**
     * The value spelled {@code text}.
     *
     * @throws EngineException PRECONDITION_FAILED with RabbitMQ's text for anything else
     */
    public static ApplyTo parse(String text) {
        for (ApplyTo applyTo : values()) {
            if (applyTo.text.equals(text)) {
                return applyTo;
            }
        }
        // RabbitMQ's text, double space included
        throw EngineException.preconditionFailed("apply-to '" + text + "' unrecognised; should be one of: "
                + "'queues', 'classic_queues',  'quorum_queues', 'streams', 'exchanges', or 'all'");
    }

    /** Whether a policy with this apply-to may match {@code target}. */
    public boolean appliesTo(PolicyTarget target) {
        return switch (this) {
            case ALL -> true;
            case EXCHANGES -> target == PolicyTarget.EXCHANGE;
            case QUEUES -> target.isQueue();
            case CLASSIC_QUEUES -> target == PolicyTarget.CLASSIC_QUEUE;
            case QUORUM_QUEUES -> target == PolicyTarget.QUORUM_QUEUE;
            case STREAMS -> target == PolicyTarget.STREAM;
        };
    }
}
