package dev.spool.store.log;

import dev.spool.store.format.LogPosition;
import dev.spool.store.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.spool.store.log.LogFixture.SMALL_SEGMENTS;
import static dev.spool.store.log.LogFixture.appendPersistent;
import static dev.spool.store.log.LogFixture.eventually;
import static dev.spool.store.log.LogFixture.files;
import static dev.spool.store.log.LogFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettlementTest {
    @TempDir
    Path dir;

    private static List<Long> inSegment(List<Long> positions, long segmentId) {
        return positions.stream().filter(p -> LogPosition.segmentId(p) == segmentId).toList();
    }

    private static Path segmentFile(Path directory, long segmentId) {
        return directory.resolve(SegmentDescriptor.segmentFileName(segmentId));
    }

    @Test
    void fullySettledSegmentIsDeletedWithItsSettlementFile() throws Exception {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < 30; i++) {
                positions.add(appendPersistent(log, 1, "m" + i));
            }
            for (long position : inSegment(positions, 1)) {
                log.settle(position, 1);
            }

            eventually(() -> !Files.exists(segmentFile(dir, 1))
                    && !Files.exists(dir.resolve(SegmentDescriptor.settlementFileName(1))));
            assertThat(segmentFile(dir, 2)).exists();
            assertThatThrownBy(() -> log.newReader().read(positions.get(0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void activeSegmentIsNeverDeletedEvenWhenEverythingInItIsSettled() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            long position = appendPersistent(log, 1, "only");
            log.settle(position, 1);
            long next = appendPersistent(log, 1, "next");

            assertThat(LogPosition.segmentId(next)).isEqualTo(LogPosition.segmentId(position));
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(LogFixture.bodyAt(log, next)).isEqualTo("next");
        }
    }

    @Test
    void partiallySettledSegmentSurvives() throws Exception {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < 30; i++) {
                positions.add(appendPersistent(log, 1, "m" + i));
            }
            List<Long> first = inSegment(positions, 1);
            for (long position : first.subList(1, first.size())) {
                log.settle(position, 1);
            }
            appendPersistent(log, 1, "nudge the sync thread");
            Thread.sleep(20);

            assertThat(segmentFile(dir, 1)).exists();
            assertThat(LogFixture.bodyAt(log, first.get(0))).isEqualTo("m0");
        }
    }

    @Test
    void recordRoutedToTwoQueuesStaysUntilBothSettle() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            long shared = log.append(message(1, "shared").addQueue(2), null, 0);
            appendPersistent(log, 1, "L".repeat(2000)); // rolls: segment 1 is no longer active
            log.settle(shared, 1);
            Thread.sleep(20);
            assertThat(segmentFile(dir, 1)).exists();

            log.settle(shared, 2);
            eventually(() -> !Files.exists(segmentFile(dir, 1)));
        }
    }

    @Test
    void settlingManyAtOnceReclaimsEverySegmentTheyFillAndSurvivesAReopen() throws Exception {
        long[] positions = new long[60];
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < positions.length; i++) {
                positions[i] = appendPersistent(log, 1, "m" + i);
            }
            long lastSegment = LogPosition.segmentId(positions[positions.length - 1]);

            log.settleAll(1, positions, positions.length - 1); // all but the last, across several segments

            eventually(() -> log.segmentCount() == 1);
            assertThat(files(dir, ".seg")).containsExactly(SegmentDescriptor.segmentFileName(lastSegment));
        }
        assertThat(LogFixture.reopen(dir).bodies()).containsExactly("m59");
    }

    @Test
    void settlementsAndDeliveryStatesSurviveAReopen() throws IOException {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < 4; i++) {
                positions.add(appendPersistent(log, 1, "m" + i));
            }
            log.settle(positions.get(0), 1);
            log.recordDeliveryState(positions.get(1), 1, true, 1);
            log.recordDeliveryState(positions.get(1), 1, true, 3);
            log.recordDeliveryState(positions.get(2), 1, true, 1);
            log.settle(positions.get(2), 1);
        }
        assertThat(LogFixture.reopen(dir).recovered).containsExactly(
                new LogFixture.Recovered(positions.get(1), 1, "m1", true, 3),
                new LogFixture.Recovered(positions.get(3), 1, "m3", false, 0));
    }

    @Test
    void referenceRefusedByTheRecoveryHandlerIsSettledForGood() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            log.append(message(1, "kept").addQueue(2), null, 0);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, new LogFixture.Collector(2))) {
            assertThat(log.recoverySummary().liveReferences()).isEqualTo(1);
        }
        assertThat(LogFixture.reopen(dir).recovered).extracting(LogFixture.Recovered::queueId).containsExactly(1);
    }

    @Test
    void segmentSettledBeforeAStopIsReclaimedOnTheNextOpen() throws IOException {
        long position;
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            position = appendPersistent(log, 1, "done");
            log.settle(position, 1); // segment 1 is still active: kept until the next open
        }
        assertThat(segmentFile(dir, 1)).exists();
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            assertThat(log.recoverySummary().reclaimedSegments()).isEqualTo(1);
            assertThat(segmentFile(dir, 1)).doesNotExist();
            assertThat(files(dir, ".seg")).containsExactly(SegmentDescriptor.segmentFileName(2));
        }
    }

    @Test
    void tornSettlementEntryIsIgnoredAndItsMessageRedeliveredAfterTheRestart() throws IOException {
        List<Long> positions = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, LogSettings.DEFAULT, RecoveryHandler.KEEP_ALL)) {
            for (int i = 0; i < 3; i++) {
                positions.add(appendPersistent(log, 1, "m" + i));
            }
            log.settle(positions.get(0), 1);
            log.settle(positions.get(1), 1);
        }
        Path acks = dir.resolve(SegmentDescriptor.settlementFileName(1));
        byte[] bytes = Files.readAllBytes(acks);
        Files.write(acks, Arrays.copyOf(bytes, bytes.length - 5));

        assertThat(LogFixture.reopen(dir).bodies()).containsExactly("m1", "m2");
    }

    @Test
    void settlingAPositionOfAReclaimedSegmentIsACallerBug() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(dir, SMALL_SEGMENTS, RecoveryHandler.KEEP_ALL)) {
            long position = appendPersistent(log, 1, "once");
            appendPersistent(log, 1, "L".repeat(2000));
            log.settle(position, 1);
            eventually(() -> !Files.exists(segmentFile(dir, 1)));

            assertThatThrownBy(() -> log.settle(position, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
