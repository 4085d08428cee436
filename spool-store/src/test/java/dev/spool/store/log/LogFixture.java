package dev.spool.store.log;

import dev.spool.store.format.LogPosition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Shared test vocabulary: drafts with readable bodies, a handler that records what recovery hands over, polling. */
final class LogFixture {
    static final LogSettings SMALL_SEGMENTS = new LogSettings(1024, SyncPolicy.ALWAYS);

    private LogFixture() {
    }

    static MessageDraft message(int queueId, String body) {
        return new MessageDraft().addQueue(queueId).persistent(true).exchange("amq.direct").routingKey("rk")
                .timestampMillis(1_700_000_000_000L).properties(new byte[] {(byte) 0x90, 0, 2})
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    static long appendPersistent(SegmentedLog log, int queueId, String body) {
        long position = log.append(message(queueId, body), null, 0);
        if (position == LogPosition.NONE) {
            throw new AssertionError("append failed");
        }
        return position;
    }

    static String bodyAt(SegmentedLog log, long position) throws IOException {
        return new String(log.newReader().read(position).body(), StandardCharsets.UTF_8);
    }

    static List<String> files(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    /** Opens and closes the log in {@code directory}, returning what recovery handed over. */
    static Collector reopen(Path directory) throws IOException {
        Collector collector = new Collector();
        SegmentedLog.open(directory, LogSettings.DEFAULT, collector).close();
        return collector;
    }

    /** Polls {@code condition} for up to five seconds; for effects of the sync thread. */
    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(2);
        }
    }

    /** What a {@link RecoveryHandler} was given. */
    record Recovered(long position, int queueId, String body, boolean redelivered, int deliveryCount) {
    }

    /** Records every reference recovery hands over and keeps it, unless its queue is in {@code dropQueues}. */
    static final class Collector implements RecoveryHandler {
        final List<Recovered> recovered = new ArrayList<>();
        private final int[] dropQueues;

        Collector(int... dropQueues) {
            this.dropQueues = dropQueues;
        }

        @Override
        public boolean recover(long position, int queueId, MessageRecord record, boolean redelivered,
                               int deliveryCount) {
            for (int dropped : dropQueues) {
                if (dropped == queueId) {
                    return false;
                }
            }
            recovered.add(new Recovered(position, queueId, new String(record.body(), StandardCharsets.UTF_8),
                    redelivered, deliveryCount));
            return true;
        }

        List<String> bodies() {
            return recovered.stream().map(Recovered::body).toList();
        }
    }
}
