package dev.spool.store.log;

import dev.spool.store.format.LogPosition;
import dev.spool.store.format.SegmentDescriptor;
import dev.spool.store.io.ChannelOpener;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ChannelOpener} for tests: wraps every segment channel in a {@link FaultyChannel}, counts fsyncs, and fails
 * the next writes or fsyncs on cue with the errors a full or broken disk gives.
 */
final class FaultInjection implements ChannelOpener {
    private final Map<String, FaultyChannel> segments = new ConcurrentHashMap<>();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicInteger writesToFail = new AtomicInteger();
    private final AtomicInteger forcesToFail = new AtomicInteger();
    private volatile CountDownLatch forceGate;
    private final CountDownLatch forceEntered = new CountDownLatch(1);

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(path, options);
        if (!path.getFileName().toString().endsWith(SegmentDescriptor.SEGMENT_SUFFIX)) {
            return channel;
        }
        FaultyChannel faulty = new FaultyChannel(channel, this);
        segments.put(path.getFileName().toString(), faulty);
        return faulty;
    }

    /** The next {@code count} writes to segment files fail with ENOSPC. */
    void failWrites(int count) {
        writesToFail.set(count);
    }

    /** The next {@code count} fsyncs of segment files fail with EIO. */
    void failForces(int count) {
        forcesToFail.set(count);
    }

    /** Makes every fsync of a segment wait until the returned latch is released. */
    CountDownLatch holdForces() {
        forceGate = new CountDownLatch(1);
        return forceGate;
    }

    /** Waits until an fsync is held by {@link #holdForces()}. */
    void awaitHeldForce() throws InterruptedException {
        if (!forceEntered.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("no fsync started");
        }
    }

    long forceCount() {
        return forces.get();
    }

    /** Whether the last successful fsync of the record's segment covered {@code endOffset}. */
    boolean isDurable(long position, int frameLength) {
        FaultyChannel channel = segments.get(SegmentDescriptor.segmentFileName(LogPosition.segmentId(position)));
        return channel != null && channel.durableSize() >= (long) LogPosition.offset(position) + frameLength;
    }

    /** The size covered by the last successful fsync of each segment, indexed by segment id (small ids only). */
    long[] durableSizes() {
        long[] sizes = new long[64];
        for (Map.Entry<String, FaultyChannel> entry : segments.entrySet()) {
            long id = SegmentDescriptor.idOf(entry.getKey(), SegmentDescriptor.SEGMENT_SUFFIX);
            if (id < sizes.length) {
                sizes[(int) id] = entry.getValue().durableSize();
            }
        }
        return sizes;
    }

    void beforeWrite() throws IOException {
        if (writesToFail.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new IOException("No space left on device");
        }
    }

    void beforeForce() throws IOException {
        forces.incrementAndGet();
        CountDownLatch gate = forceGate;
        if (gate != null) {
            forceEntered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
        }
        if (forcesToFail.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new IOException("Input/output error");
        }
    }
}
