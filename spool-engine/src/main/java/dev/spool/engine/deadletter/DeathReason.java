package dev.spool.engine.deadletter;

/**
 * Why a message was dead-lettered: the {@code reason} of its {@code x-death} entry, spelled as RabbitMQ spells it.
 */
public enum DeathReason {
    /** basic.reject or basic.nack with requeue=false. */
    REJECTED("rejected"),
    /** Its TTL (per message or per queue) ran out while it waited in a queue. */
    EXPIRED("expired"),
    /** Dropped from the head of a queue over its length limit, or refused by reject-publish-dlx. */
    MAXLEN("maxlen"),
    /** Returned to its queue more times than the queue's delivery limit. */
    DELIVERY_LIMIT("delivery_limit");

    private final String text;

    DeathReason(String text) {
        this.text = text;
    }

    /** The reason as it appears in headers: {@code rejected}, {@code expired}, {@code maxlen}, {@code delivery_limit}. */
    public String text() {
        return text;
    }

    /** The reason spelled {@code text}, or null for any other text. */
    public static DeathReason fromText(String text) {
        for (DeathReason reason : values()) {
            if (reason.text.equals(text)) {
                return reason;
            }
        }
        return null;
    }
}
