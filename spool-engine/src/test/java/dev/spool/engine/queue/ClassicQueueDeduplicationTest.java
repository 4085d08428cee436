package dev.spool.engine.queue;

import dev.spool.engine.ManualTime;
import dev.spool.engine.dedup.DeduplicationLogs;
import dev.spool.engine.message.Message;
import dev.spool.engine.policy.EffectiveQueueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a classic queue uses its deduplication window: checked first in enqueue, set up from its arguments, changed
 * when its settings are re-resolved (a policy), kept in its log when durable, and gone with the queue.
 */
class ClassicQueueDeduplicationTest {
    private static final Map<String, Object> DEDUPLICATING = Map.of("x-message-deduplication", true);

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000);

    private static Message withId(String messageId, String body) {
        return new Message("", "q", new byte[0], body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of(), false, 0,
                0L, messageId, Message.NO_TTL, false);
    }

    private static List<String> drain(ClassicQueue queue) {
        List<String> bodies = new ArrayList<>();
        GetResult result;
        while ((result = queue.get(true)) != null) {
            bodies.add(new String(result.message().body(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static ClassicQueue queue(int id, boolean durable, Map<String, Object> arguments) {
        return new ClassicQueue(id, "q", "/", new QueueSettings(durable, false, false, arguments), null, null,
                MessageMemory.unlimited(), null, new ManualTime());
    }

    @Test
    void queueWithoutTheArgumentHasNoWindowAndKeepsEverything() {
        ClassicQueue queue = queue(1, false, Map.of());
        queue.enqueue(withId("a", "one"));
        queue.enqueue(withId("a", "two"));

        assertThat(queue.deduplication()).isNull();
        assertThat(drain(queue)).containsExactly("one", "two");
    }

    @Test
    void duplicatesAreDroppedAtEnqueueAndCounted() {
        ClassicQueue queue = queue(1, false, DEDUPLICATING);
        queue.enqueue(withId("a", "one"));
        queue.enqueue(withId("a", "two"));
        queue.enqueue(withId(null, "no key"));

        assertThat(drain(queue)).containsExactly("one", "no key");
        assertThat(queue.deduplication().hits()).isEqualTo(1);
        assertThat(queue.stats().get(QueueStats.PUBLISHED)).as("a duplicate is not enqueued").isEqualTo(2);
    }

    @Test
    void settingsFromAPolicyTurnDeduplicationOnResizeItAndTurnItOff() {
        ClassicQueue queue = queue(1, false, Map.of());
        queue.attachDeduplication(new DeduplicationLogs(null, time));

        queue.applySettings(EffectiveQueueSettings.resolve(Map.of("x-message-deduplication", true,
                "x-cache-size", 10), null, null, EffectiveQueueSettings.NONE));
        queue.enqueue(withId("a", "one"));
        queue.enqueue(withId("a", "two"));
        assertThat(queue.deduplication().capacity()).isEqualTo(10);

        queue.applySettings(EffectiveQueueSettings.resolve(Map.of("x-message-deduplication", true,
                "x-cache-size", 5), null, null, EffectiveQueueSettings.NONE));
        queue.enqueue(withId("a", "three"));
        assertThat(queue.deduplication().capacity()).isEqualTo(5);
        assertThat(queue.deduplication().hits()).as("counted across the change").isEqualTo(2);

        queue.applySettings(EffectiveQueueSettings.resolve(Map.of(), null, null, EffectiveQueueSettings.NONE));
        queue.enqueue(withId("a", "four"));
        assertThat(queue.deduplication()).isNull();
        assertThat(drain(queue)).containsExactly("one", "four");
    }

    @Test
    void durableQueueKeepsItsWindowInItsLogUntilItIsDeleted() {
        ClassicQueue queue = queue(7, true, DEDUPLICATING);
        DeduplicationLogs logs = new DeduplicationLogs(dir, time);
        queue.attachDeduplication(logs);
        queue.enqueue(withId("a", "one"));
        logs.close();

        ClassicQueue restarted = queue(7, true, DEDUPLICATING);
        DeduplicationLogs again = new DeduplicationLogs(dir, time);
        restarted.attachDeduplication(again);
        restarted.enqueue(withId("a", "retry after the restart"));
        restarted.enqueue(withId("b", "new"));

        assertThat(drain(restarted)).containsExactly("new");
        assertThat(Files.exists(dir.resolve(DeduplicationLogs.queueFile(7)))).isTrue();
        restarted.delete(false, false);
        assertThat(Files.exists(dir.resolve(DeduplicationLogs.queueFile(7)))).isFalse();
        assertThat(again.queueHits()).as("no longer tracked").isZero();
    }

    @Test
    void nonDurableQueueNeverWritesALog() throws Exception {
        ClassicQueue queue = queue(8, false, DEDUPLICATING);
        queue.attachDeduplication(new DeduplicationLogs(dir, time));
        queue.enqueue(withId("a", "one"));

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
