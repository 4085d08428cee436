package dev.spool.engine.queue;

import dev.spool.engine.dedup.DeduplicationWindow;
import dev.spool.engine.message.Message;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.store.format.LogPosition;

import java.util.List;

/**
 * The contract every queue kind implements (classic today; priority, stream and replicated later). Front ends never
 * ask which kind they hold. Declaration, deletion and binding go through {@link dev.spool.engine.VirtualHost}; this
 * interface is what happens to messages once a queue exists.
 *
 * <p>Settlement methods take the {@code entryId} the queue passed to {@link Consumer#deliver} or returned in a
 * {@link GetResult}. Each entry is settled at most once; settling an id that is not outstanding is ignored.
 * All methods are thread-safe; each implementation documents how it owns its state.
 */
public interface Queue {
    /** The queue's id in its virtual host's message log: what the log's records name it by. */
    int id();

    String name();

    String vhostName();

    QueueSettings settings();

    /**
     * What the queue does now: its declare arguments resolved with the policy and operator policy that match it and
     * the broker's defaults. Read without a lock (a volatile field).
     */
    EffectiveQueueSettings effectiveSettings();

    /**
     * Swaps in settings re-resolved after a policy changed (or at creation and recovery, once the virtual host knows
     * the policies); the queue applies them at once (limits, timers).
     */
    void applySettings(EffectiveQueueSettings settings);

    /** The connection that owns an exclusive queue (an opaque token from the front end), or null. */
    Object exclusiveOwner();

    /** Appends a routed message kept in memory only (no store) and dispatches it if a consumer has credit. */
    default void enqueue(Message message) {
        enqueue(message, LogPosition.NONE);
    }

    /**
     * Appends a routed message and dispatches it if a consumer has credit.
     *
     * @param position where the publisher stored the message in the virtual host's message log, with this queue among
     *                 the record's queues (the queue then settles that reference), or {@link LogPosition#NONE} when
     *                 it was not stored
     */
    void enqueue(Message message, long position);

    /**
     * As {@link #enqueue(Message, long)}, telling whether the queue took the message: false when a length limit with
     * {@code reject-publish} or {@code reject-publish-dlx} refused it (the publisher is then nacked). A refused
     * message's stored reference is settled by the queue.
     */
    default boolean offer(Message message, long position) {
        enqueue(message, position);
        return true;
    }

    /**
     * Subscribes a consumer and starts dispatching to it.
     *
     * @throws dev.spool.engine.EngineException ACCESS_REFUSED when an exclusive consumer is present or when an
     *                                          exclusive consumer is requested on a queue that has consumers
     */
    void addConsumer(Consumer consumer);

    /** Unsubscribes; returns true if it was subscribed. May auto-delete the queue (auto-delete, last consumer). */
    boolean removeConsumer(Consumer consumer);

    /** Delivers what it can to consumers with credit; call after credit was returned to a consumer. */
    void dispatch();

    void ack(long entryId);

    /**
     * Puts an unacknowledged entry back at its original position, marked redelivered, and dispatches; a failed
     * delivery: past the queue's delivery limit the entry is dead-lettered ({@code delivery_limit}) instead.
     */
    void requeue(long entryId);

    /** Requeues many at once (a closing channel), restoring each to its original position. */
    void requeue(long[] entryIds, int count);

    /**
     * Drops an unacknowledged entry (reject/nack without requeue), dead-lettering it with reason {@code rejected} when
     * the queue has a dead letter exchange; a queue with retry delays left for it retries it instead.
     */
    void discard(long entryId);

    /**
     * Takes the next ready message for basic.get.
     *
     * @param noAck true to settle it at once; false to hold it unacknowledged until settled
     * @return the entry, or null when no message is ready
     */
    GetResult get(boolean noAck);

    /** Removes every ready message (unacknowledged ones stay); returns how many went. */
    int purge();

    /** Messages ready for delivery (not counting unacknowledged ones), as queue.declare-ok reports. */
    int messageCount();

    int consumerCount();

    /** Delivered and not yet settled. */
    int unackedCount();

    boolean isDeleted();

    /**
     * The queue's deduplication window ({@code x-message-deduplication}), or null when it does not deduplicate; for
     * management's counts, read without the queue's lock.
     */
    default DeduplicationWindow deduplication() {
        return null;
    }

    /**
     * With {@code x-single-active-consumer}, the tag of the consumer that receives now; null when the queue has none
     * or is not a single-active-consumer queue. Read without a lock (management).
     */
    default String singleActiveConsumerTag() {
        return null;
    }

    /** Counters and ages for management, read without the queue's lock. */
    QueueStats stats();

    /**
     * Copies the first {@code max} ready messages, in the order they would be delivered, without taking them
     * (management's browse).
     */
    List<QueuedMessage> peek(int max);

    /**
     * Removes one ready message by its entry id (as {@link #peek} reports it); unacknowledged ones are not touched.
     *
     * @return false when no ready message has this id
     */
    boolean removeReady(long entryId);
}
