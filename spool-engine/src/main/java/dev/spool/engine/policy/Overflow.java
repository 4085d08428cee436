package dev.spool.engine.policy;

/** What a queue does when a publish would take it over its length limit ({@code x-overflow}). */
public enum Overflow {
    /** Drop (or dead-letter, reason {@code maxlen}) the oldest messages to make room. The default. */
    DROP_HEAD("drop-head"),
    /** Refuse the new message: nacked with confirms on, else silently dropped. */
    REJECT_PUBLISH("reject-publish"),
    /** Like {@link #REJECT_PUBLISH}, and dead-letter the refused message (reason {@code maxlen}). */
    REJECT_PUBLISH_DLX("reject-publish-dlx");

    private final String text;

    Overflow(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The mode spelled {@code text}, or null. */
    public static Overflow fromText(String text) {
        for (Overflow overflow : values()) {
            if (overflow.text.equals(text)) {
                return overflow;
            }
        }
        return null;
    }
}
