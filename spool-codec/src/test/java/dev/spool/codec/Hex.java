package dev.spool.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Byte fixtures written as hex, spaces allowed: {@code Hex.bytes("00 00 00 07 01 61")}. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", "").replace("\n", ""));
    }

    public static ByteBuf buffer(String hex) {
        return Unpooled.wrappedBuffer(bytes(hex));
    }

    /** The readable bytes of {@code buf} as lower-case hex without spaces; indexes untouched. */
    public static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    /** {@code hex} normalised to what {@link #of} returns. */
    public static String normal(String hex) {
        return hex.replace(" ", "").replace("\n", "").toLowerCase(java.util.Locale.ROOT);
    }
}
