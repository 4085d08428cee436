package dev.spool.engine.auth;

import java.util.Objects;

/**
 * A user's topic permission on one topic exchange of a virtual host, as RabbitMQ models it: regular expressions over
 * routing keys for publishing (write) and binding (read). The expressions may use the variables {@code {username}} and
 * {@code {vhost}}, replaced before matching. Without a topic permission for an exchange, every routing key is allowed.
 * Immutable.
 *
 * @param exchange the topic exchange
 * @param write    routing keys the user may publish with
 * @param read     binding keys the user may bind with
 */
public record TopicPermission(String exchange, String write, String read) {
    public TopicPermission {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }

    /** The expression for {@code access} with the variables replaced, as RabbitMQ expands them. */
    String expanded(Access access, String username, String vhost) {
        return access.regex(this).replace("{username}", username).replace("{vhost}", vhost);
    }
}
