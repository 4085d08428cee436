package dev.spool.compat.amqpclient;

import com.rabbitmq.client.ConnectionFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the check is pointed at, read once from the environment the compatibility runner sets.
 *
 * <ul>
 *   <li>{@code COMPAT_HOST} / {@code COMPAT_PORT}: the broker (default {@code 127.0.0.1:5672});</li>
 *   <li>{@code COMPAT_USER} / {@code COMPAT_PASSWORD}: credentials (default {@code guest} / {@code guest});</li>
 *   <li>{@code COMPAT_RESTART_CMD}: a shell command that restarts the broker on the same port and returns once it
 *       accepts connections again; without it the reconnect step is skipped;</li>
 *   <li>{@code COMPAT_SKIP}: comma-separated features the broker does not have yet: {@code dlx}
 *       (dead-lettering), {@code durable} (messages kept across a restart).</li>
 * </ul>
 *
 * @param host broker host
 * @param port broker AMQP port
 * @param user user name
 * @param password password
 * @param restartCommand shell command restarting the broker, empty when none
 * @param skipped features the runner says the broker lacks
 */
record CompatSettings(String host, int port, String user, String password, String restartCommand,
                      Set<String> skipped) {

    static CompatSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        Set<String> skipped = Arrays.stream(env.getOrDefault("COMPAT_SKIP", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new CompatSettings(
                env.getOrDefault("COMPAT_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("COMPAT_PORT", "5672")),
                env.getOrDefault("COMPAT_USER", "guest"),
                env.getOrDefault("COMPAT_PASSWORD", "guest"),
                env.getOrDefault("COMPAT_RESTART_CMD", "").trim(),
                skipped);
    }

    boolean skips(String feature) {
        return skipped.contains(feature);
    }

    /** A factory as an application would configure one; automatic recovery stays on, as it is by default. */
    ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setConnectionTimeout(5_000);
        factory.setNetworkRecoveryInterval(500);
        return factory;
    }
}
