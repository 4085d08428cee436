package dev.spool.engine.message;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Reads the nested field values the engine cannot name itself. Header values reach the engine as the front end
 * decoded them (see {@link Message#headers()}); scalars are plain Java numbers, booleans and objects whose
 * {@code toString} is their text, but a nested table or a timestamp is a value object of the front end's codec, which
 * the engine does not depend on. The front end passes one stateless instance of this interface to the engine
 * components that look inside such values (dead-lettering reads the {@code x-death} tables it wrote earlier).
 *
 * <p>{@link #PLAIN} reads plain Java values ({@link Map}, {@link Instant}, {@link Date}); tests and front ends that
 * already hand over plain values use it. Implementations must be stateless and thread-safe.
 */
public interface FieldReader {
    /** What {@link #timestampSeconds} returns for a value that is not a timestamp. */
    long NOT_A_TIMESTAMP = Long.MIN_VALUE;

    /** Reads plain Java maps and {@link Instant} or {@link Date} timestamps. */
    FieldReader PLAIN = new FieldReader() {
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> table(Object value) {
            return value instanceof Map ? (Map<String, Object>) value : null;
        }

        @Override
        public long timestampSeconds(Object value) {
            if (value instanceof Instant) {
                return ((Instant) value).getEpochSecond();
            }
            if (value instanceof Date) {
                return Math.floorDiv(((Date) value).getTime(), 1000L);
            }
            return NOT_A_TIMESTAMP;
        }
    };

    /** The entries of {@code value} when it is a field table, else null. */
    Map<String, Object> table(Object value);

    /** The seconds since the epoch of {@code value} when it is a timestamp, else {@link #NOT_A_TIMESTAMP}. */
    long timestampSeconds(Object value);
}
