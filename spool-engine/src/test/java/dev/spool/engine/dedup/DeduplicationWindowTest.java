package dev.spool.engine.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.engine.ManualTime;
import dev.spool.engine.message.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeduplicationWindowTest {
    private static final DeduplicationSettings SIZE_3 =
            new DeduplicationSettings(true, 3, DeduplicationSettings.FOREVER, DeduplicationKey.DEFAULT_HEADER);
    private static final int QUEUE = 7;

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000_000);

    private Message message(String messageId) {
        return new Message("", "q", new byte[0], new byte[0], Map.of(), List.of(), false, 0, time.millis(), messageId,
                Message.NO_TTL, false);
    }

    private Message withHeaders(Map<String, Object> headers) {
        return new Message("", "q", new byte[0], new byte[0], headers, List.of(), false, 0, time.millis(), null,
                Message.NO_TTL, false);
    }

    @Test
    void offSettingsGiveNoWindow() {
        assertThat(new DeduplicationLogs(dir, time).openQueue("q", QUEUE, true, DeduplicationSettings.OFF)).isNull();
    }

    @Test
    void durableWindowIsRestoredFromItsLogWithItsRecencyOrder() {
        DeduplicationLogs logs = new DeduplicationLogs(dir, time);
        DeduplicationWindow window = logs.openQueue("q", QUEUE, true, SIZE_3);
        for (String id : new String[] {"a", "b", "c"}) {
            assertThat(window.isDuplicate(message(id))).isFalse();
        }
        assertThat(window.isDuplicate(message("a"))).isTrue();
        logs.close();

        DeduplicationWindow restored = new DeduplicationLogs(dir, time).openQueue("q", QUEUE, true, SIZE_3);

        assertThat(restored.size()).isEqualTo(3);
        assertThat(restored.isDuplicate(message("d"))).as("evicts the least recently seen: b").isFalse();
        assertThat(restored.isDuplicate(message("a"))).as("seen again before the restart, so kept").isTrue();
        assertThat(restored.isDuplicate(message("c"))).isTrue();
        assertThat(restored.isDuplicate(message("b"))).isFalse();
        assertThat(restored.hits()).as("hits count from the start of this run").isEqualTo(2);
    }

    @Test
    void keysThatExpiredWhileTheBrokerWasDownAreNotRestored() {
        DeduplicationSettings ttl = new DeduplicationSettings(true, 10, 1_000, DeduplicationKey.DEFAULT_HEADER);
        DeduplicationLogs logs = new DeduplicationLogs(dir, time);
        DeduplicationWindow window = logs.openQueue("q", QUEUE, true, ttl);
        window.isDuplicate(message("short"));
        window.isDuplicate(withHeaders(Map.of("x-deduplication-header", "long", "x-cache-ttl", 60_000)));
        logs.close();
        time.advance(5_000);

        DeduplicationWindow restored = new DeduplicationLogs(dir, time).openQueue("q", QUEUE, true, ttl);

        assertThat(restored.size()).isEqualTo(1);
        assertThat(restored.isDuplicate(withHeaders(Map.of("x-deduplication-header", "long")))).isTrue();
        assertThat(restored.isDuplicate(message("short"))).isFalse();
    }

    @Test
    void forgottenKeyStaysForgottenAfterARestart() {
        DeduplicationLogs logs = new DeduplicationLogs(dir, time);
        DeduplicationWindow window = logs.openQueue("q", QUEUE, true, SIZE_3);
        window.isDuplicate(message("lost"));
        window.forget(message("lost"));
        assertThat(window.isDuplicate(message("lost"))).isFalse();
        window.forget(message("lost"));
        logs.close();

        assertThat(new DeduplicationLogs(dir, time).openQueue("q", QUEUE, true, SIZE_3).size()).isZero();
    }

    @Test
    void nonDurableOwnerKeepsItsWindowInMemoryOnly() throws IOException {
        DeduplicationWindow window = new DeduplicationLogs(dir, time).openQueue("q", QUEUE, false, SIZE_3);
        window.isDuplicate(message("a"));

        assertThat(window.durable()).isFalse();
        assertThat(files()).isEmpty();
    }

    @Test
    void reconcileKeepsResizesOrDropsTheWindow() throws IOException {
        DeduplicationLogs logs = new DeduplicationLogs(dir, time);
        DeduplicationWindow window = logs.openQueue("q", QUEUE, true, SIZE_3);
        for (String id : new String[] {"a", "b", "c"}) {
            window.isDuplicate(message(id));
        }
        window.isDuplicate(message("a"));

        assertThat(logs.reconcileQueue(window, "q", QUEUE, true, SIZE_3)).isSameAs(window);
        DeduplicationSettings size2 = new DeduplicationSettings(true, 2, DeduplicationSettings.FOREVER,
                DeduplicationKey.DEFAULT_HEADER);
        DeduplicationWindow smaller = logs.reconcileQueue(window, "q", QUEUE, true, size2);
        assertThat(smaller.capacity()).isEqualTo(2);
        assertThat(smaller.hits()).isEqualTo(1);
        assertThat(smaller.isDuplicate(message("a"))).isTrue();
        assertThat(smaller.isDuplicate(message("c"))).isTrue();
        assertThat(smaller.isDuplicate(message("b"))).as("the least recently seen did not fit").isFalse();

        assertThat(logs.reconcileQueue(smaller, "q", QUEUE, true, DeduplicationSettings.OFF)).isNull();
        assertThat(files()).as("turning deduplication off deletes the log").isEmpty();
    }

    @Test
    void logsOfOwnersThatNoLongerExistAreDeleted() throws IOException {
        DeduplicationLogs logs = new DeduplicationLogs(dir, time);
        logs.openQueue("q7", 7, true, SIZE_3).isDuplicate(message("a"));
        logs.openQueue("q8", 8, true, SIZE_3).isDuplicate(message("a"));
        logs.openExchange("x", "events", true, SIZE_3).isDuplicate(message("a"));
        logs.close();

        new DeduplicationLogs(dir, time).deleteOrphans(Set.of(DeduplicationLogs.queueFile(8),
                DeduplicationLogs.exchangeFile("events")));

        assertThat(files()).containsExactlyInAnyOrder(DeduplicationLogs.queueFile(8),
                DeduplicationLogs.exchangeFile("events"));
    }

    @Test
    void totalsCountTheTrackedWindowsOfEachKindUntilTheirOwnerIsGone() {
        DeduplicationLogs logs = new DeduplicationLogs(null, time);
        DeduplicationWindow queue = logs.openQueue("q", 1, false, SIZE_3);
        DeduplicationWindow exchange = logs.openExchange("x", "x", false, SIZE_3);
        queue.isDuplicate(message("a"));
        queue.isDuplicate(message("a"));
        queue.isDuplicate(message("a"));
        exchange.isDuplicate(message("a"));
        exchange.isDuplicate(message("a"));

        assertThat(logs.queueHits()).isEqualTo(2);
        assertThat(logs.exchangeHits()).isEqualTo(1);
        queue.delete();
        assertThat(logs.queueHits()).isZero();
        assertThat(DeduplicationLogs.IN_MEMORY.openQueue("q", 1, false, SIZE_3)).isNotNull();
        assertThat(DeduplicationLogs.IN_MEMORY.queueHits()).as("the shared default tracks nothing").isZero();
    }

    @Test
    void exchangeFileNamesArePlainAndDistinct() {
        assertThat(DeduplicationLogs.exchangeFile("a/b")).matches("exchange-[0-9a-f]{32}\\.dedup");
        assertThat(DeduplicationLogs.exchangeFile("a")).isNotEqualTo(DeduplicationLogs.exchangeFile("b"));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
