package dev.spool.engine.queue;

import dev.spool.engine.message.Message;
import dev.spool.store.format.LogPosition;
import dev.spool.store.log.MessageDraft;
import dev.spool.store.log.MessageReader;
import dev.spool.store.log.MessageRecord;
import dev.spool.store.log.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One queue's view of its virtual host's {@link SegmentedLog}: reads its messages back, settles and records the
 * delivery state of its references (under its id), writes transient messages out of the heap, and batches the
 * settlements of a purge or deletion. Store failures are logged here and never thrown at the queue: a failed
 * settlement only means the message may come back after a restart (at-least-once), a failed read drops the message
 * (its record is damaged), a failed spill keeps the message in memory.
 *
 * <p>Owned by the queue's lock: its reader, draft and batch are reused without further locking.
 */
public final class QueueLog {
    private static final Logger LOG = LoggerFactory.getLogger(QueueLog.class);
    private static final int SETTLE_BATCH = 4096;
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

    private final SegmentedLog log;
    private final int queueId;
    private final String queueName;
    private MessageReader reader;
    private MessageDraft draft;
    private long[] pendingSettlements;
    private int pendingCount;
    private long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;
    /** The last exchange and routing key read: a queue's messages mostly share them, so their strings are reused. */
    private final ShortstrCache exchanges = new ShortstrCache();
    private final ShortstrCache routingKeys = new ShortstrCache();

    /**
     * @param log       the virtual host's message log
     * @param queueId   the queue's id in it
     * @param queueName for log lines
     */
    public QueueLog(SegmentedLog log, int queueId, String queueName) {
        this.log = log;
        this.queueId = queueId;
        this.queueName = queueName;
    }

    /** The message at {@code position}, or null when its record cannot be read (logged). */
    Message read(long position) {
        try {
            if (reader == null) {
                reader = log.newReader();
            }
            MessageRecord record = reader.read(position);
            String exchange = exchanges.get(record.buffer(), record.exchangeShortstrIndex() + 1,
                    record.exchangeLength());
            String routingKey = routingKeys.get(record.buffer(), record.routingKeyShortstrIndex() + 1,
                    record.routingKeyLength());
            return new Message(exchange, routingKey, record.properties(), record.body(), Collections.emptyMap(),
                    List.of(), record.isPersistent(), 0, record.timestampMillis(), null,
                    Message.NO_TTL, record.isDeadLettered());
        } catch (IOException | RuntimeException e) {
            LOG.error("queue '{}': cannot read the message at {}; dropping it", queueName,
                    LogPosition.toString(position), e);
            return null;
        }
    }

    /** The queue is done with the reference at {@code position}. */
    void settle(long position) {
        try {
            log.settle(position, queueId);
        } catch (IOException | RuntimeException e) {
            warn("cannot record the settlement of " + LogPosition.toString(position)
                    + "; the message may come back after a restart", e);
        }
    }

    /** Like {@link #settle}, batched until {@link #flushSettlements()}: for purges and deletions. */
    void settleLater(long position) {
        if (pendingSettlements == null) {
            pendingSettlements = new long[SETTLE_BATCH];
        }
        pendingSettlements[pendingCount++] = position;
        if (pendingCount == pendingSettlements.length) {
            flushSettlements();
        }
    }

    void flushSettlements() {
        if (pendingCount == 0) {
            return;
        }
        try {
            log.settleAll(queueId, pendingSettlements, pendingCount);
        } catch (IOException | RuntimeException e) {
            warn("cannot record " + pendingCount + " settlements; those messages may come back after a restart", e);
        } finally {
            pendingCount = 0;
        }
    }

    /** The reference at {@code position} was delivered {@code deliveries} times and is not yet acknowledged. */
    void recordDelivery(long position, int deliveries) {
        try {
            log.recordDeliveryState(position, queueId, true, deliveries);
        } catch (IOException | RuntimeException e) {
            warn("cannot record the delivery of " + LogPosition.toString(position)
                    + "; after a restart it may not be flagged redelivered", e);
        }
    }

    /**
     * Writes a transient message to the log, for this queue only, so that the heap need not hold it.
     *
     * @return its position, or {@link LogPosition#NONE} when it could not be written
     */
    long spill(Message message) {
        if (draft == null) {
            draft = new MessageDraft();
        }
        draft.clear().addQueue(queueId).persistent(false).timestampMillis(message.publishedAtMillis())
                .deadLettered(message.deadLettered()).expires(message.ttl() >= 0)
                .exchange(message.exchange()).routingKey(message.routingKey()).properties(message.properties())
                .body(message.body());
        try {
            return log.append(draft, null, 0);
        } catch (RuntimeException e) { // closed while shutting down
            return LogPosition.NONE;
        }
    }

    /**
     * Writes a message the queue rebuilt (a retried message) as a record for this queue only, with
     * {@code timestampMillis} as its timestamp.
     *
     * @return its position, or {@link LogPosition#NONE} when it could not be written
     */
    long append(Message message, boolean persistent, long timestampMillis) {
        if (draft == null) {
            draft = new MessageDraft();
        }
        draft.clear().addQueue(queueId).persistent(persistent).timestampMillis(timestampMillis)
                .deadLettered(message.deadLettered()).expires(message.ttl() >= 0)
                .exchange(message.exchange()).routingKey(message.routingKey()).properties(message.properties())
                .body(message.body());
        try {
            return log.append(draft, null, 0);
        } catch (RuntimeException e) { // closed while shutting down
            return LogPosition.NONE;
        }
    }

    /** The string of the last shortstr decoded, kept while the next one has the same bytes. */
    private static final class ShortstrCache {
        private byte[] bytes = new byte[0];
        private String text = "";

        String get(ByteBuffer buffer, int index, int length) {
            if (length != bytes.length || !sameBytes(buffer, index, length)) {
                byte[] read = new byte[length];
                buffer.get(index, read);
                bytes = read;
                text = new String(read, StandardCharsets.UTF_8);
            }
            return text;
        }

        private boolean sameBytes(ByteBuffer buffer, int index, int length) {
            for (int i = 0; i < length; i++) {
                if (buffer.get(index + i) != bytes[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private void warn(String what, Exception e) {
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_INTERVAL_NANOS) {
            lastWarning = now;
            LOG.warn("queue '{}': {}", queueName, what, e);
        }
    }
}
