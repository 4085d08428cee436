package dev.spool.engine;

import dev.spool.engine.durable.BrokerStorage;
import dev.spool.engine.delay.DelayedMessages;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.exchange.RoutedQueues;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.engine.queue.QueueLog;
import dev.spool.store.format.LogPosition;
import dev.spool.store.log.DurableCallback;
import dev.spool.store.log.MessageDraft;
import dev.spool.store.log.MessageRecord;
import dev.spool.store.log.RecoveryHandler;
import dev.spool.store.log.RecoverySummary;
import dev.spool.store.log.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A virtual host's message log as the engine uses it. Opening it recovers the durable queues' messages (in log order,
 * with their delivery counts) and gives every queue its {@link QueueLog}. Publishing stores a persistent message
 * routed to at least one durable queue once, as one record naming every queue it was routed to; each queue then holds
 * just its position (see {@code QueueIndex}).
 *
 * <p>Threads: {@link #store} runs on publishing channels' threads (the log's append lock orders them); opening and
 * closing on the thread that starts and stops the broker.
 */
final class MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

    private final String vhost;
    private final SegmentedLog log;
    private volatile long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;

    private MessageStore(String vhost, SegmentedLog log) {
        this.vhost = vhost;
        this.log = log;
    }

    /**
     * Opens the log of virtual host {@code vhostId}, handing each live reference to its durable queue (references of
     * queues that are gone are settled), then attaches the log to every queue. Logs what was recovered.
     */
    static MessageStore open(String vhost, int vhostId, BrokerStorage storage, Collection<ClassicQueue> queues,
                             Map<String, Exchange> exchanges) throws IOException {
        Map<Integer, ClassicQueue> durable = new HashMap<>();
        for (ClassicQueue queue : queues) {
            if (queue.settings().durable()) {
                durable.put(queue.id(), queue);
            }
        }
        Recovery recovery = new Recovery(durable, exchanges);
        SegmentedLog log = storage.openLog(vhostId, recovery);
        for (ClassicQueue queue : queues) {
            queue.attach(new QueueLog(log, queue.id(), queue.name()));
        }
        RecoverySummary summary = log.recoverySummary();
        LOG.info("vhost '{}': recovered {} messages ({} bytes) into {} durable queues in {} ms ({} segments)", vhost,
                recovery.messages, recovery.bytes, durable.size(), summary.durationNanos() / 1_000_000,
                summary.segments());
        return new MessageStore(vhost, log);
    }

    /** The view of the log a delayed exchange gets. */
    DelayLog delayLog(String exchangeName) {
        return new DelayLog(log, exchangeName);
    }

    /** Appends a delayed message for {@code exchange}, due at {@code dueAt}: see {@link DelayLog#append}. */
    long storeDelayed(DelayedMessageExchange exchange, Message message, long dueAt, PublishScratch scratch,
                      long token) {
        return DelayLog.append(log, exchange, message, dueAt, scratch, token);
    }

    /** The view of the log a queue created from now on gets. */
    QueueLog queueLog(int queueId, String queueName) {
        return new QueueLog(log, queueId, queueName);
    }

    /** Whether a message routed to these queues must be stored: persistent, and some queue is durable. */
    static boolean mustStore(Message message, RoutedQueues routed) {
        if (!message.persistent()) {
            return false;
        }
        for (int i = 0; i < routed.size(); i++) {
            if (routed.get(i).settings().durable()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends {@code message} as one record naming every routed queue. The scratch's callback, if {@code token} is
     * not 0, hears once (on the sync thread) whether the record became durable.
     *
     * @return the position, or {@link LogPosition#NONE} when the record could not be written
     */
    long store(Message message, PublishScratch scratch, long token) {
        RoutedQueues routed = scratch.routed();
        MessageDraft draft = fill(scratch.draft(), message);
        for (int i = 0; i < routed.size(); i++) {
            draft.addQueue(routed.get(i).id());
        }
        DurableCallback callback = token != 0 ? scratch.callback() : null;
        long position;
        try {
            position = log.append(draft, callback, token);
        } catch (IllegalStateException closed) { // the broker is stopping; nobody will be confirmed
            scratch.outcome(false, true);
            return LogPosition.NONE;
        }
        boolean failed = position == LogPosition.NONE;
        scratch.outcome(callback != null, failed);
        if (failed && callback == null) {
            warnUnconfirmedLoss();
        }
        return position;
    }

    /**
     * Stores a dead letter for the durable queues among {@code targets} (every target is named, as for a publish).
     *
     * @return the position, or {@link LogPosition#NONE} when it could not be written (then no queue gets it)
     */
    long storeDeadLetter(Message message, List<ClassicQueue> targets) {
        MessageDraft draft = fill(new MessageDraft(), message);
        for (ClassicQueue queue : targets) {
            draft.addQueue(queue.id());
        }
        try {
            return log.append(draft, null, 0);
        } catch (IllegalStateException closed) {
            return LogPosition.NONE;
        }
    }

    private static MessageDraft fill(MessageDraft draft, Message message) {
        return draft.clear().persistent(true).timestampMillis(message.publishedAtMillis())
                .deadLettered(message.deadLettered()).expires(message.ttl() >= 0)
                .exchange(message.exchange()).routingKey(message.routingKey()).properties(message.properties())
                .body(message.body());
    }

    void close() throws IOException {
        log.close();
    }

    private void warnUnconfirmedLoss() {
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_INTERVAL_NANOS) {
            lastWarning = now;
            LOG.warn("vhost '{}': a persistent message could not be written to the message log and was dropped; its"
                    + " publisher does not use confirms, so it was not told", vhost);
        }
    }

    /** Hands each recovered reference to its durable queue. Opening thread only. */
    private static final class Recovery implements RecoveryHandler {
        private final Map<Integer, ClassicQueue> queues;
        private final Map<String, Exchange> exchanges;
        private long messages;
        private long bytes;

        Recovery(Map<Integer, ClassicQueue> queues, Map<String, Exchange> exchanges) {
            this.queues = queues;
            this.exchanges = exchanges;
        }

        @Override
        public boolean recover(long position, int queueId, MessageRecord record, boolean redelivered,
                               int deliveryCount) {
            if (queueId == DelayedMessages.LOG_ID) {
                // a delayed message: its exchange is named in the record, its due time is the record's timestamp
                if (exchanges.get(record.exchange()) instanceof DelayedMessageExchange delayed && delayed.durable()) {
                    delayed.waiting().recover(record.timestampMillis(), position);
                    return true;
                }
                return false;
            }
            ClassicQueue queue = queues.get(queueId);
            if (queue == null) {
                return false;
            }
            queue.recover(position, redelivered ? Math.max(1, deliveryCount) : deliveryCount, record);
            messages++;
            bytes += record.frameLength();
            return true;
        }
    }
}
