package dev.spool.server;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How much of the heap is in use after the latest garbage collection: the memory alarm's measure. The heap in use at
 * any moment includes garbage not yet collected, so it would cross a high-water mark before every collection; what
 * survives a collection is what the broker really holds. Listens to the JVM's garbage collection notifications
 * (collectors' threads write one volatile field); where they are not available, falls back to the heap in use now.
 *
 * <p>Thread-safe; {@link #close()} once, by the thread that stops the broker.
 */
final class HeapAfterGc implements NotificationListener, AutoCloseable {
    private final Set<String> heapPools = new HashSet<>();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private volatile long usedAfterGc = -1;
    private boolean listening;

    HeapAfterGc() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
                listening = true;
            }
        }
    }

    /** Heap bytes in use after the latest collection (or now, before the first one or without notifications). */
    long usedBytes() {
        long afterGc = usedAfterGc;
        return afterGc >= 0 ? afterGc : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The most the heap may grow to. */
    static long maxBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        usedAfterGc = used;
    }

    @Override
    public void close() {
        if (!listening) {
            return;
        }
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException e) {
                    // not registered on this one
                }
            }
        }
    }
}
