package dev.spool.codec.frame;

import io.netty.buffer.ByteBuf;

/** Words what a client sent instead of the 0-9-1 protocol header, as RabbitMQ's log does. Stateless. */
final class ProtocolHeaders {
    private ProtocolHeaders() {
    }

    /** Describes the {@code length} octets at {@code start}, at most eight, that were not the expected header. */
    static ProtocolHeaderRejected rejection(ByteBuf in, int start, int length) {
        if (length == 8 && startsWith(in, start, length, "AMQP")) {
            return new ProtocolHeaderRejected("unsupported protocol version " + in.getUnsignedByte(start + 4) + "-"
                    + in.getUnsignedByte(start + 5) + "-" + in.getUnsignedByte(start + 6) + "-"
                    + in.getUnsignedByte(start + 7));
        }
        if (length >= 2 && in.getByte(start) == 0x16 && in.getByte(start + 1) == 0x03) {
            return new ProtocolHeaderRejected("TLS handshake on a plain AMQP port");
        }
        for (String method : new String[] {"GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "PATC", "CONN"}) {
            if (startsWith(in, start, length, method)) {
                return new ProtocolHeaderRejected("HTTP request on the AMQP port");
            }
        }
        StringBuilder octets = new StringBuilder("bad protocol header <<");
        for (int i = 0; i < length; i++) {
            octets.append(i == 0 ? "" : ",").append(in.getUnsignedByte(start + i));
        }
        return new ProtocolHeaderRejected(octets.append(">>").toString());
    }

    private static boolean startsWith(ByteBuf in, int start, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (in.getByte(start + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
