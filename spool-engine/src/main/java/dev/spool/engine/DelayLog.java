package dev.spool.engine;

import dev.spool.engine.delay.DelayedMessages;
import dev.spool.engine.exchange.DelayedMessageExchange;
import dev.spool.engine.message.Message;
import dev.spool.store.format.LogPosition;
import dev.spool.store.log.DurableCallback;
import dev.spool.store.log.MessageDraft;
import dev.spool.store.log.MessageReader;
import dev.spool.store.log.MessageRecord;
import dev.spool.store.log.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * One delayed exchange's view of its virtual host's message log: a delayed message is one record whose only
 * reference is the pseudo-queue {@link DelayedMessages#LOG_ID}, with its due time as the record's timestamp and the
 * exchange's name as its exchange (so recovery finds the exchange again), settled once the message is released or
 * dropped. Segments holding waiting delayed messages are kept by the log's ordinary reclaim rule (an unsettled
 * reference pins its segment). Store failures are logged, never thrown at the caller: a failed read drops the
 * message, a failed settlement may bring it back after a restart (at-least-once).
 *
 * <p>{@link #read} and {@link #settle} are called by the exchange's {@link DelayedMessages} under its lock (the reader
 * is reused); {@link #append} runs on publishers' threads.
 */
final class DelayLog implements DelayedMessages.Store {
    private static final Logger LOG = LoggerFactory.getLogger(DelayLog.class);

    private final SegmentedLog log;
    private final String exchangeName;
    private MessageReader reader;

    DelayLog(SegmentedLog log, String exchangeName) {
        this.log = log;
        this.exchangeName = exchangeName;
    }

    /**
     * Appends a delayed message due at {@code dueAt}. A persistent message on a durable exchange gets a persistent
     * record (fsynced, recovered after a restart; the scratch's callback hears when it is durable, so its confirm
     * waits for the disk); anything else a transient record (out of the heap, gone after a restart).
     *
     * @return the position, or {@link LogPosition#NONE} when it could not be written (the scratch says so)
     */
    static long append(SegmentedLog log, DelayedMessageExchange exchange, Message message, long dueAt,
                       PublishScratch scratch, long token) {
        boolean persistent = message.persistent() && exchange.durable();
        MessageDraft draft = scratch.draft().clear().addQueue(DelayedMessages.LOG_ID).persistent(persistent)
                .timestampMillis(dueAt).exchange(exchange.name()).routingKey(message.routingKey())
                .properties(message.properties()).body(message.body());
        DurableCallback callback = persistent && token != 0 ? scratch.callback() : null;
        long position;
        try {
            position = log.append(draft, callback, token);
        } catch (IllegalStateException closed) { // the broker is stopping
            scratch.outcome(false, true);
            return LogPosition.NONE;
        }
        boolean failed = position == LogPosition.NONE;
        scratch.outcome(callback != null, failed);
        return position;
    }

    @Override
    public Message read(long position) {
        try {
            if (reader == null) {
                reader = log.newReader();
            }
            MessageRecord record = reader.read(position);
            return new Message(record.exchange(), record.routingKey(), record.properties(), record.body(),
                    Collections.emptyMap(), List.of(), record.isPersistent(), 0, record.timestampMillis());
        } catch (IOException | RuntimeException e) {
            LOG.error("exchange '{}': cannot read the delayed message at {}; dropping it", exchangeName,
                    LogPosition.toString(position), e);
            return null;
        }
    }

    @Override
    public void settle(long position) {
        try {
            log.settle(position, DelayedMessages.LOG_ID);
        } catch (IOException | RuntimeException e) {
            LOG.warn("exchange '{}': cannot record that the delayed message at {} left; it may come back after a"
                    + " restart", exchangeName, LogPosition.toString(position), e);
        }
    }
}
