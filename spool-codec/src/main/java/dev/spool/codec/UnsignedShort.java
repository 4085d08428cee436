package dev.spool.codec;

/** A field-table unsigned 16-bit integer ({@code 'u'}), 0 to 65535. Kept apart from {@link Short} to keep its tag. */
public record UnsignedShort(int value) {
    public static final int MAX = 0xFFFF;

    public UnsignedShort {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("unsigned short out of range: " + value);
        }
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
