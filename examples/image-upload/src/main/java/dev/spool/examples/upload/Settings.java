package dev.spool.examples.upload;

import java.nio.file.Path;
import java.util.Map;

/**
 * The example's settings, read once from the environment at start.
 *
 * <ul>
 *   <li>{@code AMQP_URL}: the broker, default {@code amqp://guest:guest@localhost:5672} (a local {@code ./spool
 *       server});</li>
 *   <li>{@code UPLOAD_HTTP_PORT}: the upload endpoint's port, default 8081;</li>
 *   <li>{@code UPLOAD_DIR}: where uploads, thumbnails and moderation verdicts are written, default
 *       {@code spool-image-upload} in the temporary folder;</li>
 *   <li>{@code UPLOAD_PREFETCH}: unacknowledged jobs each worker may hold, default 5;</li>
 *   <li>{@code UPLOAD_JOB_MS}: how long each job takes at least (simulated work, so a backlog is easy to see),
 *       default 200.</li>
 * </ul>
 *
 * @param amqpUrl broker URL
 * @param httpPort port of the upload endpoint, 0 for any free port
 * @param uploadDir folder for uploads and what the workers make of them
 * @param prefetch basic.qos prefetch count per worker
 * @param jobMillis minimum time one job takes
 */
record Settings(String amqpUrl, int httpPort, Path uploadDir, int prefetch, long jobMillis) {

    static Settings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new Settings(
                env.getOrDefault("AMQP_URL", "amqp://guest:guest@localhost:5672"),
                Integer.parseInt(env.getOrDefault("UPLOAD_HTTP_PORT", "8081")),
                Path.of(env.getOrDefault("UPLOAD_DIR",
                        Path.of(System.getProperty("java.io.tmpdir"), "spool-image-upload").toString())),
                Integer.parseInt(env.getOrDefault("UPLOAD_PREFETCH", "5")),
                Long.parseLong(env.getOrDefault("UPLOAD_JOB_MS", "200")));
    }

    /** The demo's variant: any free port, its own folder, and quicker jobs. */
    Settings forDemo(Path folder) {
        return new Settings(amqpUrl, 0, folder, prefetch,
                Long.parseLong(System.getenv().getOrDefault("UPLOAD_JOB_MS", "50")));
    }
}
