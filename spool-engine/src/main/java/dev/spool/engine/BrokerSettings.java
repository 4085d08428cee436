package dev.spool.engine;

import dev.spool.engine.policy.EffectiveQueueSettings;

import java.util.Objects;
import java.util.Set;

/**
 * What the engine needs to know at start: the default user (created with every permission on the default virtual
 * host), which users may only connect from a loopback address (RabbitMQ's {@code loopback_users}), and the defaults
 * queues fall back to when neither their arguments nor a policy say otherwise.
 *
 * @param defaultUser     the user created at start ({@code guest})
 * @param defaultPassword its password
 * @param defaultVhost    the virtual host created at start ({@code /})
 * @param loopbackUsers   users refused unless they connect from a loopback address
 * @param consumerTimeout the broker's {@code consumer_timeout} in ms, 0 for none: how long a delivery may stay
 *                        unacknowledged when a queue's {@code x-consumer-timeout} and policies do not say
 */
public record BrokerSettings(String defaultUser, String defaultPassword, String defaultVhost,
                             Set<String> loopbackUsers, long consumerTimeout) {
    /** RabbitMQ's default {@code consumer_timeout}: 30 minutes. */
    public static final long DEFAULT_CONSUMER_TIMEOUT = 1_800_000;

    public BrokerSettings {
        Objects.requireNonNull(defaultUser, "defaultUser");
        Objects.requireNonNull(defaultPassword, "defaultPassword");
        Objects.requireNonNull(defaultVhost, "defaultVhost");
        loopbackUsers = Set.copyOf(loopbackUsers);
        if (consumerTimeout < 0) {
            throw new IllegalArgumentException("consumerTimeout must not be negative: " + consumerTimeout);
        }
    }

    /** With RabbitMQ's default consumer timeout of 30 minutes. */
    public BrokerSettings(String defaultUser, String defaultPassword, String defaultVhost, Set<String> loopbackUsers) {
        this(defaultUser, defaultPassword, defaultVhost, loopbackUsers, DEFAULT_CONSUMER_TIMEOUT);
    }

    /**
     * The consumer timeout as {@link EffectiveQueueSettings#resolve} takes it: the setting, or
     * {@link EffectiveQueueSettings#NONE} when it is 0 (off).
     */
    public long defaultConsumerTimeout() {
        return consumerTimeout == 0 ? EffectiveQueueSettings.NONE : consumerTimeout;
    }

    /** RabbitMQ's defaults: guest / guest on "/", guest restricted to loopback. */
    public static BrokerSettings defaults() {
        return new BrokerSettings("guest", "guest", "/", Set.of("guest"));
    }
}
