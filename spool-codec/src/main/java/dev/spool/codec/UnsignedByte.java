package dev.spool.codec;

/** A field-table unsigned 8-bit integer ({@code 'B'}), 0 to 255. Kept apart from {@link Byte} to keep its tag. */
public record UnsignedByte(int value) {
    public static final int MAX = 0xFF;

    public UnsignedByte {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("unsigned byte out of range: " + value);
        }
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
