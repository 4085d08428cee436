package dev.spool.management;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the management listener needs at start. Immutable.
 *
 * @param host                 the address to bind
 * @param port                 the TCP port; 0 picks a free one
 * @param nodeName             the node's name as the API reports it ({@code spool@hostname})
 * @param productVersion       Spool's version
 * @param amqpPort             the AMQP listener's port, for /api/overview's listeners
 * @param sampleIntervalMillis how often counters are sampled into rates (RabbitMQ's collect_statistics_interval)
 * @param dataDir              the broker's data directory (its free disk space is reported)
 * @param tls                  the HTTPS listener served next to plain HTTP on the same host, or null for none
 */
public record ManagementSettings(String host, int port, String nodeName, String productVersion, int amqpPort,
                                 long sampleIntervalMillis, Path dataDir, ManagementTls tls) {
    /** The RabbitMQ release whose management API Spool serves; clients that check versions see this one. */
    public static final String RABBITMQ_API_VERSION = "3.13.7";

    public ManagementSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(productVersion, "productVersion");
        Objects.requireNonNull(dataDir, "dataDir");
        if (sampleIntervalMillis <= 0) {
            throw new IllegalArgumentException("sampleIntervalMillis must be positive");
        }
    }

    /** Settings for plain HTTP only. */
    public ManagementSettings(String host, int port, String nodeName, String productVersion, int amqpPort,
                              long sampleIntervalMillis, Path dataDir) {
        this(host, port, nodeName, productVersion, amqpPort, sampleIntervalMillis, dataDir, null);
    }

    /** These settings with an HTTPS listener too ({@code https} null: plain HTTP only). */
    public ManagementSettings withTls(ManagementTls https) {
        return new ManagementSettings(host, port, nodeName, productVersion, amqpPort, sampleIntervalMillis, dataDir,
                https);
    }
}
