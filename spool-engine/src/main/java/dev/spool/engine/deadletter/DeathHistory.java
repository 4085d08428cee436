package dev.spool.engine.deadletter;

import dev.spool.engine.message.FieldReader;
import dev.spool.engine.message.FieldValues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The deaths a message has been through, most recent first, with the facts RabbitMQ puts in headers: the
 * {@code x-death} array (one {@link Death} per (queue, reason)), {@code x-first-death-reason/queue/exchange} (set
 * once, at the first death) and {@code x-last-death-reason/queue/exchange} (RabbitMQ 3.13+, the latest death).
 * Immutable; {@link #record} returns a new history. Any thread.
 *
 * <p><b>The merge rule</b> (RabbitMQ 4's {@code mc:record_death/4}): a death in a (queue, reason) already in the
 * history increments that entry's count and moves it to the front, keeping its first time, exchange, routing keys and
 * original expiration; any other death is prepended as a new entry with count 1.
 *
 * <p><b>Where a history comes from.</b> RabbitMQ 4 keeps the history beside the message and ignores an
 * {@code x-death} header a client publishes (3.13.3 to 3.13.7 read it back; 4.0 stopped). Spool keeps the history in
 * the headers themselves, so the queue calls {@link #fromHeaders} only for a message the broker dead-lettered itself
 * (its stored record carries that mark) and starts from {@link #NONE} for anything a client published: a client's
 * {@code x-death} is replaced on the first death, exactly as in RabbitMQ 4.
 */
public final class DeathHistory {
    public static final String X_DEATH = "x-death";
    public static final String X_FIRST_DEATH_REASON = "x-first-death-reason";
    public static final String X_FIRST_DEATH_QUEUE = "x-first-death-queue";
    public static final String X_FIRST_DEATH_EXCHANGE = "x-first-death-exchange";
    public static final String X_LAST_DEATH_REASON = "x-last-death-reason";
    public static final String X_LAST_DEATH_QUEUE = "x-last-death-queue";
    public static final String X_LAST_DEATH_EXCHANGE = "x-last-death-exchange";

    /** A message that never died. */
    public static final DeathHistory NONE = new DeathHistory(List.of(), null, null);

    private final List<Death> deaths;
    /** reason, queue, exchange of the first death; null when none. */
    private final String[] first;
    /** reason, queue, exchange of the latest death; null when none. */
    private final String[] last;

    private DeathHistory(List<Death> deaths, String[] first, String[] last) {
        this.deaths = deaths;
        this.first = first;
        this.last = last;
    }

    /**
     * Reads the history the broker wrote into {@code headers} at earlier deaths. Entries that do not parse (an unknown
     * reason, a missing queue) are skipped; {@link #NONE} when there is no {@code x-death} array.
     *
     * @param reader reads the nested tables and timestamps of the front end's codec
     */
    public static DeathHistory fromHeaders(Map<String, Object> headers, FieldReader reader) {
        Object xDeath = headers.get(X_DEATH);
        if (!(xDeath instanceof List<?> entries) || entries.isEmpty()) {
            return NONE;
        }
        List<Death> deaths = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            Death death = parse(reader.table(entry), reader);
            if (death != null) {
                deaths.add(death);
            }
        }
        if (deaths.isEmpty()) {
            return NONE;
        }
        Death latest = deaths.get(0);
        String[] first = triple(headers, X_FIRST_DEATH_REASON, X_FIRST_DEATH_QUEUE, X_FIRST_DEATH_EXCHANGE);
        String[] last = triple(headers, X_LAST_DEATH_REASON, X_LAST_DEATH_QUEUE, X_LAST_DEATH_EXCHANGE);
        String[] fromLatest = {latest.reason().text(), latest.queue(), latest.exchange()};
        return new DeathHistory(Collections.unmodifiableList(deaths), first == null ? fromLatest : first,
                last == null ? fromLatest : last);
    }

    /**
     * The history after one more death.
     *
     * @param reason             why it died now
     * @param queue              the queue it died in
     * @param exchange           the exchange it was last published to (the message's exchange)
     * @param routingKeys        its routing keys, CC included, BCC excluded
     * @param originalExpiration its {@code expiration} property, or null
     * @param nowMillis          the broker's clock
     */
    public DeathHistory record(DeathReason reason, String queue, String exchange, List<String> routingKeys,
                               String originalExpiration, long nowMillis) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(exchange, "exchange");
        List<Death> next = new ArrayList<>(deaths.size() + 1);
        Death existing = null;
        for (Death death : deaths) {
            if (existing == null && death.reason() == reason && death.queue().equals(queue)) {
                existing = death;
            } else {
                next.add(death);
            }
        }
        Death latest = existing != null ? existing.again()
                : new Death(queue, reason, 1, Math.floorDiv(nowMillis, 1000L), exchange, routingKeys,
                        originalExpiration);
        next.add(0, latest);
        String[] now = {reason.text(), queue, exchange};
        return new DeathHistory(Collections.unmodifiableList(next), first == null ? now : first, now);
    }

    /**
     * RabbitMQ's cycle rule (deaths v2): routing the dead letter to {@code targetQueue} closes a cycle when the message
     * already died in that queue and neither that death nor any later one was a rejection; such a copy is dropped
     * (RabbitMQ logs it once). A copy dead-lettered for {@link DeathReason#REJECTED} is never dropped, which
     * {@link DeadLetter#dropsAt} checks first.
     */
    public boolean isCycle(String targetQueue) {
        for (Death death : deaths) {
            if (death.reason() == DeathReason.REJECTED) {
                return false;
            }
            if (death.queue().equals(targetQueue)) {
                return true;
            }
        }
        return false;
    }

    /** The entries, most recent first. */
    public List<Death> deaths() {
        return deaths;
    }

    public boolean isEmpty() {
        return deaths.isEmpty();
    }

    /** The queues it died in, most recent death first (what RabbitMQ logs for a dropped cycle). */
    public List<String> queues() {
        List<String> queues = new ArrayList<>(deaths.size());
        for (Death death : deaths) {
            queues.add(death.queue());
        }
        return queues;
    }

    /**
     * A copy of {@code headers} carrying this history: {@code x-death} (an array of tables, most recent first) and the
     * six {@code x-first-death-*} / {@code x-last-death-*} long strings; every other header is kept as it was.
     * {@code headers} itself is not modified. Values are plain Java for the front end to encode.
     */
    public Map<String, Object> writeTo(Map<String, Object> headers) {
        Map<String, Object> out = new LinkedHashMap<>(headers);
        if (deaths.isEmpty()) {
            return out;
        }
        List<Object> tables = new ArrayList<>(deaths.size());
        for (Death death : deaths) {
            tables.add(death.toTable());
        }
        out.put(X_DEATH, Collections.unmodifiableList(tables));
        out.put(X_FIRST_DEATH_REASON, first[0]);
        out.put(X_FIRST_DEATH_QUEUE, first[1]);
        out.put(X_FIRST_DEATH_EXCHANGE, first[2]);
        out.put(X_LAST_DEATH_REASON, last[0]);
        out.put(X_LAST_DEATH_QUEUE, last[1]);
        out.put(X_LAST_DEATH_EXCHANGE, last[2]);
        return out;
    }

    @Override
    public String toString() {
        return "DeathHistory" + deaths;
    }

    private static Death parse(Map<String, Object> table, FieldReader reader) {
        if (table == null) {
            return null;
        }
        DeathReason reason = DeathReason.fromText(text(table.get("reason")));
        String queue = text(table.get("queue"));
        if (reason == null || queue == null) {
            return null;
        }
        Object count = table.get("count");
        long seconds = reader.timestampSeconds(table.get("time"));
        String exchange = text(table.get("exchange"));
        List<String> routingKeys = new ArrayList<>();
        if (table.get("routing-keys") instanceof List<?> keys) {
            for (Object key : keys) {
                String text = text(key);
                if (text != null) {
                    routingKeys.add(text);
                }
            }
        }
        return new Death(queue, reason, count instanceof Number n ? n.longValue() : 1,
                seconds == FieldReader.NOT_A_TIMESTAMP ? 0 : seconds, exchange == null ? "" : exchange,
                routingKeys, text(table.get("original-expiration")));
    }

    private static String[] triple(Map<String, Object> headers, String reason, String queue, String exchange) {
        String r = text(headers.get(reason));
        String q = text(headers.get(queue));
        String x = text(headers.get(exchange));
        return r == null || q == null || x == null ? null : new String[] {r, q, x};
    }

    private static String text(Object value) {
        return FieldValues.isText(value) ? value.toString() : null;
    }
}
