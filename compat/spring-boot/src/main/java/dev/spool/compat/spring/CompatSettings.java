package dev.spool.compat.spring;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the compatibility runner tells every program besides the broker's address (which Spring reads from
 * {@code application.properties}): {@code COMPAT_RESTART_CMD}, a shell command that restarts the broker on the same
 * port and returns once it accepts connections, and {@code COMPAT_SKIP}, the comma-separated features the broker
 * does not have yet ({@code dlx}, {@code durable}). Read once at start.
 *
 * @param restartCommand shell command restarting the broker, empty when none
 * @param skipped features the runner says the broker lacks
 */
record CompatSettings(String restartCommand, Set<String> skipped) {

    static CompatSettings fromEnvironment() {
        String skip = System.getenv().getOrDefault("COMPAT_SKIP", "");
        return new CompatSettings(
                System.getenv().getOrDefault("COMPAT_RESTART_CMD", "").trim(),
                Arrays.stream(skip.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()));
    }

    boolean skips(String feature) {
        return skipped.contains(feature);
    }
}
