package dev.spool.codec;

import java.time.Instant;

/**
 * A field-table timestamp ({@code 'T'}): seconds since the Unix epoch, 64 bits. The raw value is kept (not an
 * {@link Instant}) so every bit pattern round-trips, including ones outside {@code Instant}'s range.
 */
public record Timestamp(long epochSeconds) {

    /** The timestamp of {@code instant}, truncated to whole seconds. */
    public static Timestamp of(Instant instant) {
        return new Timestamp(instant.getEpochSecond());
    }

    /**
     * This timestamp as an {@link Instant}.
     *
     * @throws java.time.DateTimeException if the seconds are outside {@code Instant}'s range
     */
    public Instant toInstant() {
        return Instant.ofEpochSecond(epochSeconds);
    }

    @Override
    public String toString() {
        return "Timestamp[" + epochSeconds + "]";
    }
}
