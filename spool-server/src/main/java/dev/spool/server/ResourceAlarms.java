package dev.spool.server;

import dev.spool.amqp.AmqpServer;
import dev.spool.management.NodeResources;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's two resource alarms, with RabbitMQ's semantics: the <b>disk alarm</b> is on while the data directory's
 * file system has less free space than {@code store.disk_free_limit}; the <b>memory alarm</b> while the heap in use
 * after the latest garbage collection is above {@code memory.high_watermark} of the maximum heap. While either is on,
 * publishing connections are blocked ({@link AmqpServer#blockPublishers}, reason "low on disk", "low on memory" or
 * "low on memory &amp; disk"); once both are off they are unblocked. Consumers are never blocked, so queues drain.
 *
 * <p>Checked once a second on a daemon thread of its own, never on the publish path (the store still fails a write
 * that finds the disk full, and that publish is nacked). Each change is logged once.
 *
 * <p>As {@link NodeResources} it is management's view of the node: the alarms' state and what they measure.
 *
 * <p>Thread-safe: the checks run on the alarm thread; {@link #diskFreeLimit(long)} and the {@link NodeResources}
 * getters may be called from any thread.
 */
public final class ResourceAlarms implements NodeResources, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceAlarms.class);
    private static final long CHECK_INTERVAL_MILLIS = 1000;

    private final Path dataDir;
    private final double highWatermark;
    private final AmqpServer amqp;
    private final HeapAfterGc heap = new HeapAfterGc();
    private final ScheduledExecutorService timer;
    private volatile long diskFreeLimit;
    /** Written by the alarm thread only; read by management. */
    private volatile boolean diskAlarm;
    private volatile boolean memoryAlarm;
    private volatile String reason;

    private ResourceAlarms(Path dataDir, long diskFreeLimit, double highWatermark, AmqpServer amqp) {
        this.dataDir = dataDir;
        this.diskFreeLimit = diskFreeLimit;
        this.highWatermark = highWatermark;
        this.amqp = amqp;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spool-resource-alarms");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks now, then once a second. */
    static ResourceAlarms start(Path dataDir, long diskFreeLimit, double highWatermark, AmqpServer amqp) {
        ResourceAlarms alarms = new ResourceAlarms(dataDir, diskFreeLimit, highWatermark, amqp);
        alarms.timer.scheduleWithFixedDelay(alarms::check, 0, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return alarms;
    }

    /**
     * Changes the free-disk limit at run time (an operator's or a test's hook, like RabbitMQ's
     * {@code rabbitmqctl set_disk_free_limit}) and checks again at once.
     */
    public void diskFreeLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative disk free limit " + bytes);
        }
        diskFreeLimit = bytes;
        timer.execute(this::check);
    }

    public long diskFreeLimit() {
        return diskFreeLimit;
    }

    /** Why publishers are blocked now ("low on disk", ...), or null when no alarm is on. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean memoryAlarm() {
        return memoryAlarm;
    }

    @Override
    public boolean diskAlarm() {
        return diskAlarm;
    }

    @Override
    public long memoryUsedBytes() {
        return heap.usedBytes();
    }

    @Override
    public long memoryLimitBytes() {
        return (long) (Math.min(highWatermark, 1.0) * HeapAfterGc.maxBytes());
    }

    @Override
    public long diskFreeBytes() {
        return dataDir.toFile().getUsableSpace();
    }

    @Override
    public long diskFreeLimitBytes() {
        return diskFreeLimit;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        heap.close();
    }

    private void check() {
        try {
            boolean disk = diskFreeLimit > 0 && freeDisk() < diskFreeLimit;
            boolean memory = highWatermark < 1 && heap.usedBytes() > highWatermark * HeapAfterGc.maxBytes();
            if (disk != diskAlarm) {
                logChange("disk", disk, "free disk space " + freeDisk() + " bytes, limit " + diskFreeLimit);
            }
            if (memory != memoryAlarm) {
                logChange("memory", memory, "heap in use after GC " + heap.usedBytes() + " bytes, high-water mark "
                        + (long) (highWatermark * HeapAfterGc.maxBytes()));
            }
            if (disk == diskAlarm && memory == memoryAlarm) {
                return;
            }
            diskAlarm = disk;
            memoryAlarm = memory;
            String now = disk && memory ? "low on memory & disk" : disk ? "low on disk" : memory ? "low on memory" : null;
            if (now != null) {
                amqp.blockPublishers(now);
            } else {
                amqp.unblockPublishers();
            }
            reason = now;
        } catch (IOException | RuntimeException e) {
            LOG.warn("resource alarm check failed", e);
        }
    }

    private long freeDisk() throws IOException {
        FileStore store = Files.getFileStore(dataDir);
        return store.getUsableSpace();
    }

    private static void logChange(String resource, boolean on, String detail) {
        if (on) {
            LOG.warn("{} alarm set: {}; blocking publishers until it clears", resource, detail);
        } else {
            LOG.info("{} alarm cleared: {}", resource, detail);
        }
    }
}
