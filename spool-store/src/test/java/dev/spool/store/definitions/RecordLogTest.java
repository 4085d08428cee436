package dev.spool.store.definitions;

import dev.spool.store.UnsupportedFormatException;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.io.ChannelOpener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordLogTest {
    private static final int VHOST = 1;
    private static final int QUEUE = 4;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("definitions.log");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> entries(RecordLog log) {
        List<String> entries = new ArrayList<>();
        log.forEach((type, key, value) -> entries.add(type + ":" + new String(key, StandardCharsets.UTF_8) + "="
                + new String(value, StandardCharsets.UTF_8)));
        return entries;
    }

    @Test
    void putsAndDeletesSurviveAReopenInFirstPutOrder() throws IOException {
        try (RecordLog log = RecordLog.open(file())) {
            log.put(VHOST, bytes("/"), bytes("{}"));
            log.put(QUEUE, bytes("/|orders"), bytes("durable"));
            log.put(QUEUE, bytes("/|scratch"), bytes("durable"));
            log.put(QUEUE, bytes("/|orders"), bytes("durable,lazy"));
            log.delete(QUEUE, bytes("/|scratch"));
        }
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(entries(log)).containsExactly("1:/={}", "4:/|orders=durable,lazy");
            assertThat(log.get(QUEUE, bytes("/|orders"))).isEqualTo(bytes("durable,lazy"));
            assertThat(log.get(QUEUE, bytes("/|scratch"))).isNull();
        }
    }

    @Test
    void sameKeyUnderAnotherTypeIsAnotherDefinition() throws IOException {
        try (RecordLog log = RecordLog.open(file())) {
            log.put(QUEUE, bytes("/|x"), bytes("queue"));
            log.put(QUEUE + 1, bytes("/|x"), bytes("exchange"));
            assertThat(log.size()).isEqualTo(2);
        }
    }

    @Test
    void compactionKeepsExactlyTheLiveSetAndShrinksTheFile() throws IOException {
        try (RecordLog log = RecordLog.open(file())) {
            for (int i = 0; i < 100; i++) {
                log.put(QUEUE, bytes("q" + (i % 10)), bytes("v" + i));
            }
            log.delete(QUEUE, bytes("q0"));
            long before = log.fileBytes();
            List<String> live = entries(log);

            log.compact();

            assertThat(log.fileBytes()).isLessThan(before / 4);
            assertThat(Files.size(file())).isEqualTo(log.fileBytes());
            assertThat(entries(log)).isEqualTo(live);
            log.put(QUEUE, bytes("after"), bytes("compaction"));
        }
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(log.size()).isEqualTo(10);
            assertThat(log.get(QUEUE, bytes("q9"))).isEqualTo(bytes("v99"));
            assertThat(log.get(QUEUE, bytes("after"))).isEqualTo(bytes("compaction"));
        }
    }

    @Test
    void logCompactsItselfOnceMostOfItIsDead() throws IOException {
        try (RecordLog log = RecordLog.open(file(), ChannelOpener.DEFAULT, 512)) {
            for (int i = 0; i < 60; i++) {
                log.put(QUEUE, bytes("only"), bytes("value " + i));
            }
            assertThat(log.fileBytes()).as("60 puts of ~27 bytes").isLessThan(600);
        }
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(log.get(QUEUE, bytes("only"))).isEqualTo(bytes("value 59"));
        }
    }

    @Test
    void crashBetweenCompactionWriteAndRenameKeepsTheOldLogAndTheTempFileIsIgnored() throws IOException {
        Path temp = dir.resolve("definitions.log" + RecordLog.COMPACT_SUFFIX);
        try (RecordLog log = RecordLog.open(file())) {
            log.put(VHOST, bytes("/"), bytes("a"));
            log.put(VHOST, bytes("/"), bytes("b"));
            log.put(QUEUE, bytes("/|q"), bytes("c"));
            log.beforeCompactionRename = () -> {
                throw new IllegalStateException("power cut");
            };
            assertThatThrownBy(log::compact).hasMessage("power cut");
            assertThat(temp).exists();
        }
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(entries(log)).containsExactly("1:/=b", "4:/|q=c");
            assertThat(temp).doesNotExist();
        }
    }

    @Test
    void garbageTempFileFromAnEarlierCrashIsDeletedOnOpen() throws IOException {
        try (RecordLog log = RecordLog.open(file())) {
            log.put(VHOST, bytes("/"), bytes("kept"));
        }
        Path temp = dir.resolve("definitions.log" + RecordLog.COMPACT_SUFFIX);
        Files.write(temp, bytes("half a compaction"));
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(entries(log)).containsExactly("1:/=kept");
            assertThat(temp).doesNotExist();
        }
    }

    @Test
    void tornLastRecordIsTruncatedAndEarlierOnesKept() throws IOException {
        long goodEnd;
        try (RecordLog log = RecordLog.open(file())) {
            log.put(VHOST, bytes("/"), bytes("kept"));
            goodEnd = log.fileBytes();
            log.put(QUEUE, bytes("/|torn"), bytes("never acknowledged"));
        }
        byte[] content = Files.readAllBytes(file());
        for (long cut = goodEnd; cut < content.length; cut++) {
            Files.write(file(), Arrays.copyOf(content, (int) cut));
            try (RecordLog log = RecordLog.open(file())) {
                assertThat(entries(log)).as("cut at %d", cut).containsExactly("1:/=kept");
                assertThat(Files.size(file())).isEqualTo(goodEnd);
            }
        }
    }

    @Test
    void flippedByteFailsTheCrcAndTruncatesThere() throws IOException {
        long goodEnd;
        try (RecordLog log = RecordLog.open(file())) {
            log.put(VHOST, bytes("/"), bytes("kept"));
            goodEnd = log.fileBytes();
            log.put(QUEUE, bytes("/|q"), bytes("damaged"));
            log.put(QUEUE, bytes("/|r"), bytes("after the damage"));
        }
        byte[] content = Files.readAllBytes(file());
        content[(int) goodEnd + 14] ^= 0x01;
        Files.write(file(), content);
        try (RecordLog log = RecordLog.open(file())) {
            assertThat(entries(log)).containsExactly("1:/=kept");
        }
    }

    @Test
    void logOfANewerFormatIsRefusedWithAnUpgradeMessage() throws IOException {
        try (RecordLog log = RecordLog.open(file())) {
            log.put(VHOST, bytes("/"), bytes("x"));
        }
        byte[] content = Files.readAllBytes(file());
        ByteBuffer.wrap(content).order(FileHeaderDescriptor.BYTE_ORDER).putInt(FileHeaderDescriptor.VERSION_OFFSET, 7);
        Files.write(file(), content);

        assertThatThrownBy(() -> RecordLog.open(file())).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith("data directory format 7 is newer than this Spool (supports 1): upgrade Spool");
        assertThat(Files.readAllBytes(file())).isEqualTo(content);
    }
}
