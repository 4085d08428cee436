package dev.spool.codec;

/**
 * A field-table unsigned 32-bit integer ({@code 'i'}), 0 to 4294967295. Kept apart from {@link Integer} (which is
 * the signed {@code 'I'}) to keep its tag.
 */
public record UnsignedInt(long value) {
    public static final long MAX = 0xFFFF_FFFFL;

    public UnsignedInt {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("unsigned int out of range: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
