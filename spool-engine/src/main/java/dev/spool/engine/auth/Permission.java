package dev.spool.engine.auth;

import java.util.Objects;

/**
 * A user's permissions on one virtual host, as RabbitMQ models them: three regular expressions over resource names
 * for configure, write and read access. Immutable.
 *
 * @param configure what the user may declare and delete
 * @param write     where the user may publish (and bind from)
 * @param read      what the user may consume from (and bind to)
 */
public record Permission(String configure, String write, String read) {
    /** Every permission on every resource: {@code .*} three times. */
    public static final Permission ALL = new Permission(".*", ".*", ".*");

    public Permission {
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }
}
