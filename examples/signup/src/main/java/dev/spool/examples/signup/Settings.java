package dev.spool.examples.signup;

import java.util.Locale;
import java.util.Map;

/**
 * The example's settings, read once from the environment at start.
 *
 * <ul>
 *   <li>{@code AMQP_URL}: the broker, default {@code amqp://guest:guest@localhost:5672} (a local {@code ./spool
 *       server});</li>
 *   <li>{@code SIGNUP_HTTP_PORT}: the signup endpoint's port, default 8080;</li>
 *   <li>{@code SIGNUP_WORKERS}: consumers in the worker pool, default 4;</li>
 *   <li>{@code SIGNUP_PREFETCH}: unacknowledged messages each consumer may hold, default 10;</li>
 *   <li>{@code SIGNUP_MAX_RETRIES}: retries after the first attempt before an email is dead-lettered, default 3;</li>
 *   <li>{@code SIGNUP_RETRY_DELAY_MS}: the first retry's delay, doubled for each further retry, default 200;</li>
 *   <li>{@code SIGNUP_DEAD_LETTERING}: {@code broker} (the default: the worker rejects and the queue's
 *       {@code x-dead-letter-exchange} moves the message) or {@code worker} (the worker publishes to the dead-letter
 *       queue itself, for a broker without dead-lettering).</li>
 * </ul>
 *
 * @param amqpUrl broker URL
 * @param httpPort port of the signup endpoint, 0 for any free port
 * @param workers consumers in the worker pool
 * @param prefetch basic.qos prefetch count per consumer
 * @param maxRetries retries before dead-lettering
 * @param retryDelayMillis delay before the first retry
 * @param deadLettering who moves a message that ran out of retries
 */
record Settings(String amqpUrl, int httpPort, int workers, int prefetch, int maxRetries, long retryDelayMillis,
                DeadLettering.Mode deadLettering) {

    static Settings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new Settings(
                env.getOrDefault("AMQP_URL", "amqp://guest:guest@localhost:5672"),
                Integer.parseInt(env.getOrDefault("SIGNUP_HTTP_PORT", "8080")),
                Integer.parseInt(env.getOrDefault("SIGNUP_WORKERS", "4")),
                Integer.parseInt(env.getOrDefault("SIGNUP_PREFETCH", "10")),
                Integer.parseInt(env.getOrDefault("SIGNUP_MAX_RETRIES", "3")),
                Long.parseLong(env.getOrDefault("SIGNUP_RETRY_DELAY_MS", "200")),
                DeadLettering.Mode.valueOf(
                        env.getOrDefault("SIGNUP_DEAD_LETTERING", "broker").toUpperCase(Locale.ROOT)));
    }

    /** The same settings with another HTTP port: the demo listens on a free one. */
    Settings withHttpPort(int port) {
        return new Settings(amqpUrl, port, workers, prefetch, maxRetries, retryDelayMillis, deadLettering);
    }

    /** The delay before retry number {@code retry} (1 for the first): exponential backoff. */
    long retryDelayMillis(int retry) {
        return retryDelayMillis << Math.min(retry - 1, 10);
    }
}
