package dev.spool.engine.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A policy as RabbitMQ defines it. Immutable.
 *
 * @param vhost      its virtual host
 * @param name       its name, unique in the virtual host
 * @param pattern    a regular expression over queue and exchange names
 * @param applyTo    {@code queues}, {@code exchanges}, {@code all} (and RabbitMQ's newer {@code classic_queues},
 *                   {@code quorum_queues}, {@code streams})
 * @param definition the keys it sets ({@code message-ttl}, {@code max-length}, ...), values as given
 * @param priority   the higher wins when several match
 */
public record Policy(String vhost, String name, String pattern, String applyTo, Map<String, Object> definition,
                     int priority) {
    public Policy {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        applyTo = applyTo == null ? "all" : applyTo;
        definition = definition == null ? Map.of() : Map.copyOf(definition);
    }
}
