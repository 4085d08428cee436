package dev.spool.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Walks encoded basic-class properties (flag words, then the present fields in order) by absolute index, without
 * decoding them and without moving the buffer's reader index. Backs {@link BasicProperties}' peeks and its
 * well-formedness check. Stateless; any thread.
 */
final class PropertyScanner {
    static final int CONTENT_TYPE = 1 << 15;
    static final int CONTENT_ENCODING = 1 << 14;
    static final int HEADERS = 1 << 13;
    static final int DELIVERY_MODE = 1 << 12;
    static final int PRIORITY = 1 << 11;
    static final int CORRELATION_ID = 1 << 10;
    static final int REPLY_TO = 1 << 9;
    static final int EXPIRATION = 1 << 8;
    static final int MESSAGE_ID = 1 << 7;
    static final int TIMESTAMP = 1 << 6;
    static final int TYPE = 1 << 5;
    static final int USER_ID = 1 << 4;
    static final int APP_ID = 1 << 3;
    static final int CLUSTER_ID = 1 << 2;
    /** Set in a flag word when another flag word follows. */
    static final int CONTINUATION = 1;
    /** The bits of the first flag word that name properties. */
    static final int KNOWN = 0xFFFC;

    private PropertyScanner() {
    }

    /**
     * Reads the flag words at {@code index}; returns the property bits of the first word in the high half and the
     * index just past the flag words in the low half. Continuation words may carry no property: the basic class
     * has only fourteen.
     */
    static long readFlags(ByteBuf raw, int index) {
        require(raw, index, 2, "property flags");
        int flags = raw.getUnsignedShort(index);
        int word = flags;
        index += 2;
        while ((word & CONTINUATION) != 0) {
            require(raw, index, 2, "property flags continuation");
            word = raw.getUnsignedShort(index);
            index += 2;
            if ((word & ~CONTINUATION) != 0) {
                throw new WireFormatException("unknown basic properties flagged: 0x" + Integer.toHexString(word));
            }
        }
        return ((long) (flags & KNOWN) << 32) | index;
    }

    /** Index of the {@code property} field in {@code raw}, or -1 when it is absent. */
    static int indexOf(ByteBuf raw, int property) {
        long flagsAndIndex = readFlags(raw, raw.readerIndex());
        int flags = (int) (flagsAndIndex >>> 32);
        if ((flags & property) == 0) {
            return -1;
        }
        int index = (int) flagsAndIndex;
        for (int bit = CONTENT_TYPE; bit != property; bit >>>= 1) {
            if ((flags & bit) != 0) {
                index = skip(raw, index, bit);
            }
        }
        return index;
    }

    /** Throws unless {@code raw}'s readable bytes are exactly well-formed flags and fields (tables not looked into). */
    static void check(ByteBuf raw) {
        long flagsAndIndex = readFlags(raw, raw.readerIndex());
        int flags = (int) (flagsAndIndex >>> 32);
        int index = (int) flagsAndIndex;
        for (int bit = CONTENT_TYPE; bit > CONTINUATION; bit >>>= 1) {
            if ((flags & bit) != 0) {
                index = skip(raw, index, bit);
            }
        }
        if (index != raw.writerIndex()) {
            throw new WireFormatException((raw.writerIndex() - index) + " octets after the basic properties");
        }
    }

    /** The index just past the present {@code property} that starts at {@code index}. */
    static int skip(ByteBuf raw, int index, int property) {
        switch (property) {
            case HEADERS:
                require(raw, index, 4, "headers length");
                long length = raw.getUnsignedInt(index);
                require(raw, index + 4, length, "headers");
                return index + 4 + (int) length;
            case DELIVERY_MODE:
            case PRIORITY:
                require(raw, index, 1, "octet property");
                return index + 1;
            case TIMESTAMP:
                require(raw, index, 8, "timestamp property");
                return index + 8;
            default:
                require(raw, index, 1, "short string length");
                int size = raw.getUnsignedByte(index);
                require(raw, index + 1, size, "short string property");
                return index + 1 + size;
        }
    }

    static int octetAt(ByteBuf raw, int index) {
        require(raw, index, 1, "octet property");
        return raw.getUnsignedByte(index);
    }

    static String shortStringAt(ByteBuf raw, int index) {
        require(raw, index, 1, "short string length");
        int size = raw.getUnsignedByte(index);
        require(raw, index + 1, size, "short string property");
        if (!ByteBufUtil.isText(raw, index + 1, size, StandardCharsets.UTF_8)) {
            throw new WireFormatException("malformed UTF-8 in short string");
        }
        return raw.toString(index + 1, size, StandardCharsets.UTF_8);
    }

    private static void require(ByteBuf raw, int index, long length, String what) {
        if (length > raw.writerIndex() - index) {
            throw new WireFormatException(what + " of " + length + " octets runs past the "
                    + (raw.writerIndex() - index) + " remaining");
        }
    }
}
