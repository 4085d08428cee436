package dev.spool.engine.auth;

/**
 * The three kinds of access RabbitMQ's permissions grant, each a regular expression over resource names:
 * configure (declare, delete), write (publish to an exchange, bind to a queue or exchange) and read (consume, get,
 * purge, bind from an exchange). Immutable.
 */
public enum Access {
    CONFIGURE("configure"),
    WRITE("write"),
    READ("read");

    private final String label;

    Access(String label) {
        this.label = label;
    }

    /** The word RabbitMQ's error texts use: {@code configure}, {@code write}, {@code read}. */
    public String label() {
        return label;
    }

    /** The regular expression of {@code permission} that governs this kind of access. */
    String regex(Permission permission) {
        switch (this) {
            case CONFIGURE:
                return permission.configure();
            case WRITE:
                return permission.write();
            default:
                return permission.read();
        }
    }

    /** The regular expression of a topic permission for this kind of access (null for configure: there is none). */
    String regex(TopicPermission permission) {
        switch (this) {
            case WRITE:
                return permission.write();
            case READ:
                return permission.read();
            default:
                return null;
        }
    }
}
