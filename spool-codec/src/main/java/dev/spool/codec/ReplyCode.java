package dev.spool.codec;

import java.nio.charset.StandardCharsets;

/**
 * The AMQP 0-9-1 reply codes with RabbitMQ's names, and whether each is a hard error (closes the connection with
 * {@code connection.close}) or a soft one (closes only the channel with {@code channel.close}), as RabbitMQ
 * classifies them. {@link #REPLY_SUCCESS} is neither; {@link #NO_ROUTE} and {@link #NO_CONSUMERS} are what
 * {@code basic.return} carries. Stateless; any thread.
 */
public enum ReplyCode {
    REPLY_SUCCESS(200, false),
    CONTENT_TOO_LARGE(311, false),
    NO_ROUTE(312, false),
    NO_CONSUMERS(313, false),
    CONNECTION_FORCED(320, true),
    INVALID_PATH(402, true),
    ACCESS_REFUSED(403, false),
    NOT_FOUND(404, false),
    RESOURCE_LOCKED(405, false),
    PRECONDITION_FAILED(406, false),
    FRAME_ERROR(501, true),
    SYNTAX_ERROR(502, true),
    COMMAND_INVALID(503, true),
    CHANNEL_ERROR(504, true),
    UNEXPECTED_FRAME(505, true),
    RESOURCE_ERROR(506, true),
    NOT_ALLOWED(530, true),
    NOT_IMPLEMENTED(540, true),
    INTERNAL_ERROR(541, true);

    private static final int REPLY_TEXT_MAX = 255;
    private static final ReplyCode[] VALUES = values();

    private final int code;
    private final boolean hardError;

    ReplyCode(int code, boolean hardError) {
        this.code = code;
        this.hardError = hardError;
    }

    /** The numeric reply code. */
    public int code() {
        return code;
    }

    /** Whether this error closes the whole connection. */
    public boolean hardError() {
        return hardError;
    }

    /** Whether this error closes only the channel (the spec's soft errors, which include the 31x return codes). */
    public boolean softError() {
        return !hardError && this != REPLY_SUCCESS;
    }

    /** The reply code named {@code code}, or {@code null} if there is none. */
    public static ReplyCode of(int code) {
        for (ReplyCode value : VALUES) {
            if (value.code == code) {
                return value;
            }
        }
        return null;
    }

    /**
     * A reply text in RabbitMQ's form, {@code "NOT_FOUND - no queue 'q' in vhost '/'"}; like RabbitMQ, a text longer
     * than a short string is cut to 252 bytes and ends in {@code "..."}.
     */
    public String replyText(String detail) {
        return truncate(name() + " - " + detail);
    }

    /** {@code text} cut, as RabbitMQ does, to fit a short string: at most 255 UTF-8 bytes. */
    public static String truncate(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= REPLY_TEXT_MAX) {
            return text;
        }
        int end = REPLY_TEXT_MAX - 3;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not split a multi-byte character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
    }
}
