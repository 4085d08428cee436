package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.codec.ReplyCode;
import dev.spool.codec.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The username and password of a connection.start-ok response, for the two mechanisms offered: PLAIN
 * ({@code [authzid] NUL authcid NUL passwd}, RFC 4616) and AMQPLAIN (a field table without its length prefix, holding
 * {@code LOGIN} and {@code PASSWORD}). Immutable.
 */
record SaslCredentials(String username, String password) {
    static final String PLAIN = "PLAIN";
    static final String AMQPLAIN = "AMQPLAIN";

    /**
     * Parses a response.
     *
     * @throws AmqpError 503 COMMAND_INVALID for another mechanism, 502 SYNTAX_ERROR for a malformed response
     *                   (RabbitMQ's codes and texts; both close the connection silently during the handshake)
     */
    static SaslCredentials parse(String mechanism, byte[] response) {
        if (PLAIN.equals(mechanism)) {
            return plain(response);
        }
        if (AMQPLAIN.equals(mechanism)) {
            return amqplain(response);
        }
        throw AmqpError.at(ReplyCode.COMMAND_INVALID, "unknown authentication mechanism '" + mechanism + "'", 0, 0);
    }

    private static SaslCredentials plain(byte[] response) {
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0 || indexOf(response, second + 1) >= 0) {
            throw AmqpError.at(ReplyCode.SYNTAX_ERROR, "PLAIN response is malformed", 0, 0);
        }
        String user = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String pass = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
        return new SaslCredentials(user, pass);
    }

    private static SaslCredentials amqplain(byte[] response) {
        ByteBuf in = Unpooled.buffer(response.length + 4).writeInt(response.length).writeBytes(response);
        FieldTable table;
        try {
            table = FieldTable.decode(in);
        } catch (WireFormatException e) {
            throw AmqpError.at(ReplyCode.SYNTAX_ERROR, "AMQPLAIN auth info is malformed: " + e.getMessage(), 0, 0);
        } finally {
            in.release();
        }
        Object login = table.get("LOGIN");
        Object password = table.get("PASSWORD");
        if (login == null || password == null) {
            throw AmqpError.at(ReplyCode.SYNTAX_ERROR,
                    "AMQPLAIN auth info is missing LOGIN or PASSWORD field", 0, 0);
        }
        return new SaslCredentials(login.toString(), password.toString());
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "SaslCredentials[username=" + username + "]"; // never print the password
    }
}
