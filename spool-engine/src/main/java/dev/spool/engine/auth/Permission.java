package dev.spool.engine.auth;

import java.util.Objects;

/**
 * A user's permissions on one virtual host, as RabbitMQ models them: three regular expressions over resource names
 * for configure, write and read access. Immutable.
 *
 * <p>An expression grants access to a name it matches anywhere (it is not anchored: write {@code ^app-} to anchor
 * it); the empty expression grants nothing. See {@link AccessControl} for which AMQP method needs which access.
 *
 * @param configure what the user may declare and delete
 * @param write     where the user may publish (and bind to)
 * @param read      what the user may consume from (and bind from)
 */
public record Permission(String configure, String write, String read) {
    /** Every permission on every resource: {@code .*} three times. */
    public static final Permission ALL = new Permission(".*", ".*", ".*");

    public Permission {
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }

    /**
     * Whether this permission grants {@code access} to the resource {@code name}, with RabbitMQ's matching rules. The
     * default exchange is named {@code amq.default} here, as RabbitMQ names it for permission checks.
     */
    public boolean permits(Access access, String name) {
        return PermissionPatterns.compile(access.regex(this)).matcher(name).find();
    }

    /** Whether {@code regex} is a valid permission expression (checked before one is stored). */
    public static boolean isValidExpression(String regex) {
        return PermissionPatterns.isValid(regex);
    }
}
