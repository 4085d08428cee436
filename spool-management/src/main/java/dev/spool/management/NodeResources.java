package dev.spool.management;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The node's memory and disk as its resource alarms see them: what {@code /api/nodes}, the alarm health checks and
 * the {@code rabbitmq_alarms_*} gauges report. The server implements it with its alarm checker, so management shows
 * the state that really blocks publishers; management only reads it.
 *
 * <p>Implementations are thread-safe and cheap to call from request threads (volatile reads, one statfs at most).
 */
public interface NodeResources {
    /** Whether the memory alarm is on (publishers blocked, "low on memory"). */
    boolean memoryAlarm();

    /** Whether the disk alarm is on (publishers blocked, "low on disk"). */
    boolean diskAlarm();

    /** Memory in use as the memory alarm measures it, in bytes. */
    long memoryUsedBytes();

    /** The memory high-water mark in bytes: above it the memory alarm goes on. */
    long memoryLimitBytes();

    /** Free space where the data directory is, in bytes. */
    long diskFreeBytes();

    /** The free-disk limit in bytes: below it the disk alarm goes on (0: never). */
    long diskFreeLimitBytes();

    /**
     * A node without alarm checks (management embedded without a server): never alarmed; memory is the heap in use
     * against the maximum heap, disk the free space of {@code dataDir} against no limit.
     */
    static NodeResources unwatched(Path dataDir) {
        return new NodeResources() {
            @Override
            public boolean memoryAlarm() {
                return false;
            }

            @Override
            public boolean diskAlarm() {
                return false;
            }

            @Override
            public long memoryUsedBytes() {
                return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }

            @Override
            public long memoryLimitBytes() {
                return Runtime.getRuntime().maxMemory();
            }

            @Override
            public long diskFreeBytes() {
                return dataDir.toFile().getUsableSpace();
            }

            @Override
            public long diskFreeLimitBytes() {
                return 0;
            }
        };
    }
}
