package dev.spool.store.log;

import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.LogPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.spool.store.log.LogFixture.SMALL_SEGMENTS;
import static dev.spool.store.log.LogFixture.appendPersistent;
import static dev.spool.store.log.LogFixture.bodyAt;
import static dev.spool.store.log.LogFixture.files;
import static dev.spool.store.log.LogFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentedLogTest {
    @TempDir
    Path dir;

    @Test
    void appendedRecordReadsBackWithEveryField() throws IOException {
        byte[] properties = {(byte) 0x98, 0x00, 0x0a, 't', 'e', 'x', 't', '/', 'p', 'l', 'a', 'i', 'n', 2};
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            MessageDraft draft = new MessageDraft().addQueue(7).addQueue(9).persistent(true)
                    .exchange("événements").routingKey("a.b.c").timestampMillis(1234567890123L)
                    .properties(properties).body("hello".getBytes(StandardCharsets.UTF_8));
            long position = log.append(draft, null, 0);

            MessageRecord record = log.newReader().read(position);

            assertThat(record.queueCount()).isEqualTo(2);
            assertThat(record.queueId(0)).isEqualTo(7);
            assertThat(record.queueId(1)).isEqualTo(9);
            assertThat(record.isPersistent()).isTrue();
            assertThat(record.exchange()).isEqualTo("événements");
            assertThat(record.routingKey()).isEqualTo("a.b.c");
            assertThat(record.timestampMillis()).isEqualTo(1234567890123L);
            assertThat(record.properties()).isEqualTo(properties);
            assertThat(record.body()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(record.buffer().get(record.exchangeShortstrIndex()) & 0xFF)
                    .as("exchange kept as a wire shortstr")
                    .isEqualTo("événements".getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void draftIsReusableOnceAppendReturns() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            MessageDraft draft = new MessageDraft();
            byte[] body = "first".getBytes(StandardCharsets.UTF_8);
            long first = log.append(draft.addQueue(1).body(body), null, 0);
            Arrays.fill(body, (byte) 'x');
            draft.clear().addQueue(2).body("second".getBytes(StandardCharsets.UTF_8));
            long second = log.append(draft, null, 0);

            assertThat(bodyAt(log, first)).isEqualTo("first");
            assertThat(bodyAt(log, second)).isEqualTo("second");
            assertThat(log.newReader().read(second).queueId(0)).isEqualTo(2);
        }
    }

    @Test
    void positionsGrowWithEveryAppendAcrossSegments() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            long previous = 0;
            for (int i = 0; i < 100; i++) {
                long position = appendPersistent(log, 1, "message " + i);
                assertThat(position).isGreaterThan(previous);
                previous = position;
            }
            assertThat(LogPosition.segmentId(previous)).as("rolled over several times").isGreaterThan(3);
        }
    }

    @Test
    void segmentRollsOverBeforeARecordWouldCrossTheSizeLimit() throws IOException {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < 60; i++) {
                positions.add(appendPersistent(log, 1, "x".repeat(40)));
            }
            assertThat(LogPosition.offset(positions.get(0))).isEqualTo(FileHeaderDescriptor.LENGTH);
            for (String name : files(dir, ".seg")) {
                assertThat(Files.size(dir.resolve(name))).isLessThanOrEqualTo(SMALL_SEGMENTS.segmentBytes());
            }
            for (int i = 1; i < positions.size(); i++) {
                boolean rolled = LogPosition.segmentId(positions.get(i)) != LogPosition.segmentId(positions.get(i - 1));
                if (rolled) {
                    assertThat(LogPosition.offset(positions.get(i))).isEqualTo(FileHeaderDescriptor.LENGTH);
                    assertThat(LogPosition.segmentId(positions.get(i)))
                            .isEqualTo(LogPosition.segmentId(positions.get(i - 1)) + 1);
                }
            }
            assertThat(files(dir, ".seg")).first().isEqualTo("00000000000000000001.seg");
        }
    }

    @Test
    void recordLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            long small = appendPersistent(log, 1, "small");
            long large = appendPersistent(log, 1, "L".repeat(5000));
            long after = appendPersistent(log, 1, "after");

            assertThat(LogPosition.segmentId(large)).isEqualTo(LogPosition.segmentId(small) + 1);
            assertThat(LogPosition.offset(large)).isEqualTo(FileHeaderDescriptor.LENGTH);
            assertThat(LogPosition.segmentId(after)).isEqualTo(LogPosition.segmentId(large) + 1);
            assertThat(bodyAt(log, large)).hasSize(5000);
        }
    }

    @Test
    void reopenedLogHandsBackEveryRecordInAppendOrder() throws IOException {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < 50; i++) {
                positions.add(appendPersistent(log, i % 3, "m" + i));
            }
        }
        LogFixture.Collector collector = new LogFixture.Collector();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, collector)) {
            assertThat(collector.recovered).extracting(LogFixture.Recovered::position)
                    .containsExactlyElementsOf(positions);
            assertThat(collector.bodies()).first().isEqualTo("m0");
            assertThat(collector.bodies()).last().isEqualTo("m49");
            assertThat(collector.recovered.get(4).queueId()).isEqualTo(1);
            assertThat(log.recoverySummary().records()).isEqualTo(50);
            assertThat(log.recoverySummary().liveReferences()).isEqualTo(50);
            assertThat(log.recoverySummary().truncatedSegments()).isZero();
            assertThat(bodyAt(log, positions.get(17))).isEqualTo("m17");
        }
    }

    @Test
    void appendsAfterReopenContinueInANewerSegment() throws IOException {
        long before;
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            before = appendPersistent(log, 1, "before");
        }
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            long after = appendPersistent(log, 1, "after");
            assertThat(after).isGreaterThan(before);
            assertThat(bodyAt(log, before)).isEqualTo("before");
            assertThat(bodyAt(log, after)).isEqualTo("after");
        }
    }

    @Test
    void transientRecordsAreReadableButGoneAfterARestart() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            long transientOne = log.append(message(1, "transient").persistent(false), null, 0);
            appendPersistent(log, 1, "persistent");
            assertThat(bodyAt(log, transientOne)).isEqualTo("transient");
        }
        assertThat(LogFixture.reopen(dir).bodies()).containsExactly("persistent");
    }

    @Test
    void recordRoutedToTwoQueuesIsRecoveredOncePerQueue() throws IOException {
        long position;
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            position = log.append(message(1, "fanout").addQueue(2), null, 0);
        }
        assertThat(LogFixture.reopen(dir).recovered).containsExactly(
                new LogFixture.Recovered(position, 1, "fanout", false, 0),
                new LogFixture.Recovered(position, 2, "fanout", false, 0));
    }

    @Test
    void readOfAPositionNeverAppendedIsRefused() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            long position = appendPersistent(log, 1, "only");
            MessageReader reader = log.newReader();
            assertThatThrownBy(() -> reader.read(position + 1000)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reader.read(LogPosition.of(99, 32))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void draftWithoutQueueOrWithOverlongRoutingKeyIsRejected() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            assertThatThrownBy(() -> log.append(new MessageDraft(), null, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new MessageDraft().routingKey("k".repeat(256)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void appendAfterCloseIsAnError() throws IOException {
        SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL);
        log.close();
        assertThatThrownBy(() -> appendPersistent(log, 1, "late")).isInstanceOf(IllegalStateException.class);
    }
}
