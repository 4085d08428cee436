package dev.spool.engine.deadletter;

import dev.spool.engine.Messages;
import dev.spool.engine.message.FieldReader;
import dev.spool.engine.message.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {
    private static final long T0 = 1_700_000_000_123L;

    @Test
    void firstDeathWritesOneXDeathEntryAndTheFirstAndLastDeathHeaders() {
        Message message = Messages.message("orders", "new", Map.of("app", "shop"), List.of(), "b");

        DeadLetter dead = DeadLetters.prepare(message, DeathReason.REJECTED, "work", "dlx", null, null,
                DeathHistory.NONE, T0);

        assertThat(dead.exchange()).isEqualTo("dlx");
        assertThat(dead.routingKeys()).containsExactly("new");
        Map<String, Object> headers = dead.headers();
        assertThat(headers).containsEntry("app", "shop")
                .containsEntry("x-first-death-reason", "rejected")
                .containsEntry("x-first-death-queue", "work")
                .containsEntry("x-first-death-exchange", "orders")
                .containsEntry("x-last-death-reason", "rejected")
                .containsEntry("x-last-death-queue", "work")
                .containsEntry("x-last-death-exchange", "orders");
        assertThat(xDeath(headers)).hasSize(1);
        Map<String, Object> entry = xDeath(headers).get(0);
        assertThat(entry.keySet()).containsExactly("count", "reason", "queue", "time", "exchange", "routing-keys");
        assertThat(entry).containsEntry("count", 1L)
                .containsEntry("reason", "rejected")
                .containsEntry("queue", "work")
                .containsEntry("time", Instant.ofEpochSecond(1_700_000_000L))
                .containsEntry("exchange", "orders")
                .containsEntry("routing-keys", List.of("new"));
        assertThat(message.headers()).doesNotContainKey("x-death");
    }

    @Test
    void dyingAgainInTheSameQueueForTheSameReasonCountsUpAndMovesThatEntryFirst() {
        Message message = Messages.message("orders", "new", Map.of(), List.of(), "b");
        DeathHistory history = DeathHistory.NONE
                .record(DeathReason.EXPIRED, "work", "orders", List.of("new"), null, T0)
                .record(DeathReason.REJECTED, "retry", "dlx", List.of("work"), null, T0 + 5_000);

        DeadLetter dead = DeadLetters.prepare(message, DeathReason.EXPIRED, "work", "dlx", null, null, history,
                T0 + 60_000);

        List<Death> deaths = dead.history().deaths();
        assertThat(deaths).extracting(Death::queue).containsExactly("work", "retry");
        Death again = deaths.get(0);
        assertThat(again.count()).isEqualTo(2);
        assertThat(again.timeSeconds()).as("keeps the first time").isEqualTo(T0 / 1000);
        assertThat(again.exchange()).as("keeps the first exchange").isEqualTo("orders");
        assertThat(dead.headers()).containsEntry("x-first-death-queue", "work")
                .containsEntry("x-first-death-reason", "expired")
                .containsEntry("x-last-death-queue", "work")
                .containsEntry("x-last-death-exchange", "orders");
    }

    @Test
    void aDeathInAnotherQueueIsPrependedAndLeavesTheFirstDeathHeadersAlone() {
        DeathHistory history = DeathHistory.NONE
                .record(DeathReason.MAXLEN, "a", "ex", List.of("k"), null, T0)
                .record(DeathReason.EXPIRED, "b", "dlx", List.of("k"), null, T0 + 1_000);

        Map<String, Object> headers = history.writeTo(Map.of());

        assertThat(xDeath(headers)).extracting(e -> e.get("queue")).containsExactly("b", "a");
        assertThat(headers).containsEntry("x-first-death-queue", "a")
                .containsEntry("x-first-death-reason", "maxlen")
                .containsEntry("x-last-death-queue", "b")
                .containsEntry("x-last-death-reason", "expired")
                .containsEntry("x-last-death-exchange", "dlx");
    }

    @Test
    void theOriginalExpirationIsRecordedWhenTheMessageHadOne() {
        Message message = Messages.message("", "q", Map.of(), List.of(), "b");

        DeadLetter dead = DeadLetters.prepare(message, DeathReason.EXPIRED, "q", "dlx", null, "5000",
                DeathHistory.NONE, T0);

        Map<String, Object> entry = xDeath(dead.headers()).get(0);
        assertThat(entry.keySet()).first().isEqualTo("original-expiration");
        assertThat(entry).containsEntry("original-expiration", "5000");
    }

    @Test
    void theDeadLetterRoutingKeyReplacesTheMessagesRoutingKeys() {
        Message message = Messages.message("ex", "rk", Map.of("CC", List.of("cc1")), List.of("cc1", "bcc1"), "b");

        DeadLetter dead = DeadLetters.prepare(message, DeathReason.REJECTED, "q", "dlx", "failed", null,
                DeathHistory.NONE, T0);

        assertThat(dead.routingKey()).isEqualTo("failed");
        assertThat(dead.extraRoutingKeys()).isEmpty();
    }

    @Test
    void withoutADeadLetterRoutingKeyTheMessageKeepsItsCcAndBccKeysButXDeathRecordsOnlyCc() {
        Message message = Messages.message("ex", "rk", Map.of("CC", List.of("cc1", 42)), List.of("cc1", "bcc1"),
                "b");

        DeadLetter dead = DeadLetters.prepare(message, DeathReason.REJECTED, "q", "dlx", null, null,
                DeathHistory.NONE, T0);

        assertThat(dead.routingKeys()).containsExactly("rk", "cc1", "bcc1");
        assertThat(xDeath(dead.headers()).get(0)).containsEntry("routing-keys", List.of("rk", "cc1"));
    }

    @Test
    void anExpiryCycleBackIntoTheSameQueueIsDroppedButARejectionIsNot() {
        Message message = Messages.message("", "q", Map.of(), List.of(), "b");

        DeadLetter expired = DeadLetters.prepare(message, DeathReason.EXPIRED, "q", "", "q", null,
                DeathHistory.NONE, T0);
        DeadLetter rejected = DeadLetters.prepare(message, DeathReason.REJECTED, "q", "", "q", null,
                DeathHistory.NONE, T0);

        assertThat(expired.dropsAt("q")).isTrue();
        assertThat(expired.dropsAt("other")).isFalse();
        assertThat(rejected.dropsAt("q")).isFalse();
    }

    @Test
    void aRejectionAnywhereSinceTheEarlierDeathBreaksTheCycle() {
        DeathHistory viaRejection = DeathHistory.NONE
                .record(DeathReason.EXPIRED, "a", "", List.of("a"), null, T0)
                .record(DeathReason.REJECTED, "b", "", List.of("b"), null, T0)
                .record(DeathReason.EXPIRED, "c", "", List.of("c"), null, T0);
        DeathHistory automatic = DeathHistory.NONE
                .record(DeathReason.EXPIRED, "a", "", List.of("a"), null, T0)
                .record(DeathReason.MAXLEN, "b", "", List.of("b"), null, T0)
                .record(DeathReason.DELIVERY_LIMIT, "c", "", List.of("c"), null, T0);

        assertThat(viaRejection.isCycle("a")).isFalse();
        assertThat(viaRejection.isCycle("c")).isTrue();
        assertThat(automatic.isCycle("a")).isTrue();
        assertThat(automatic.isCycle("z")).isFalse();
        assertThat(automatic.queues()).containsExactly("c", "b", "a");
    }

    @Test
    void theHistoryWrittenIntoHeadersReadsBackTheSame() {
        DeathHistory history = DeathHistory.NONE
                .record(DeathReason.EXPIRED, "a", "ex", List.of("k", "cc"), "100", T0)
                .record(DeathReason.REJECTED, "b", "dlx", List.of("k"), null, T0 + 3_000)
                .record(DeathReason.EXPIRED, "a", "dlx", List.of("k"), null, T0 + 9_000);

        Map<String, Object> headers = history.writeTo(Map.of("keep", "me"));
        DeathHistory read = DeathHistory.fromHeaders(headers, FieldReader.PLAIN);

        assertThat(read.deaths()).isEqualTo(history.deaths());
        assertThat(read.writeTo(Map.of("keep", "me"))).isEqualTo(headers);
    }

    @Test
    void aCodecsOwnTableAndTimestampTypesAreReadThroughTheFrontEndsReader() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("count", 3L);
        entry.put("reason", new Text("expired"));
        entry.put("queue", new Text("q"));
        entry.put("time", new Seconds(1_600_000_000L));
        entry.put("exchange", new Text(""));
        entry.put("routing-keys", List.of(new Text("q")));
        Map<String, Object> headers = Map.of("x-death", List.of(new Table(entry)));
        FieldReader reader = new FieldReader() {
            @Override
            public Map<String, Object> table(Object value) {
                return value instanceof Table t ? t.entries() : null;
            }

            @Override
            public long timestampSeconds(Object value) {
                return value instanceof Seconds s ? s.value() : NOT_A_TIMESTAMP;
            }
        };

        DeathHistory history = DeathHistory.fromHeaders(headers, reader);

        assertThat(history.deaths()).containsExactly(
                new Death("q", DeathReason.EXPIRED, 3, 1_600_000_000L, "", List.of("q"), null));
    }

    @Test
    void aClientsOwnXDeathHeaderIsReplacedWhenTheHistoryStartsFromNone() {
        Map<String, Object> forged = Map.of("count", 99L, "reason", "rejected", "queue", "q");
        Message message = Messages.message("", "q", Map.of("x-death", List.of(forged)), List.of(), "b");

        DeadLetter dead = DeadLetters.prepare(message, DeathReason.REJECTED, "q", "dlx", null, null,
                DeathHistory.NONE, T0);

        assertThat(xDeath(dead.headers())).hasSize(1);
        assertThat(xDeath(dead.headers()).get(0)).containsEntry("count", 1L);
    }

    @Test
    void aDeliveryLimitOfTwoAllowsThreeDeliveries() {
        assertThat(DeliveryLimit.exceeded(1, 2)).isFalse();
        assertThat(DeliveryLimit.exceeded(2, 2)).isFalse();
        assertThat(DeliveryLimit.exceeded(3, 2)).isTrue();
        assertThat(DeliveryLimit.exceeded(0, 0)).isFalse();
        assertThat(DeliveryLimit.exceeded(1, 0)).isTrue();
        assertThat(DeliveryLimit.exceeded(1_000_000, DeliveryLimit.UNLIMITED)).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> xDeath(Map<String, Object> headers) {
        return (List<Map<String, Object>>) headers.get("x-death");
    }

    /** Stand-ins for a codec's value objects: not Maps, not Instants. */
    private record Table(Map<String, Object> entries) {
    }

    private record Seconds(long value) {
    }

    private record Text(String value) {
        @Override
        public String toString() {
            return value;
        }
    }
}
