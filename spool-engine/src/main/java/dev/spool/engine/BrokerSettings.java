package dev.spool.engine;

import java.util.Objects;
import java.util.Set;

/**
 * What the engine needs to know at start: the default user (created with every permission on the default virtual
 * host) and which users may only connect from a loopback address (RabbitMQ's {@code loopback_users}).
 *
 * @param defaultUser     the user created at start ({@code guest})
 * @param defaultPassword its password
 * @param defaultVhost    the virtual host created at start ({@code /})
 * @param loopbackUsers   users refused unless they connect from a loopback address
 */
public record BrokerSettings(String defaultUser, String defaultPassword, String defaultVhost,
                             Set<String> loopbackUsers) {
    public BrokerSettings {
        Objects.requireNonNull(defaultUser, "defaultUser");
        Objects.requireNonNull(defaultPassword, "defaultPassword");
        Objects.requireNonNull(defaultVhost, "defaultVhost");
        loopbackUsers = Set.copyOf(loopbackUsers);
    }

    /** RabbitMQ's defaults: guest / guest on "/", guest restricted to loopback. */
    public static BrokerSettings defaults() {
        return new BrokerSettings("guest", "guest", "/", Set.of("guest"));
    }
}
