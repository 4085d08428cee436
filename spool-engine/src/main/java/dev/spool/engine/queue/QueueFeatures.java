package dev.spool.engine.queue;

import dev.spool.engine.Clock;
import dev.spool.engine.Timers;
import dev.spool.engine.deadletter.DeathReason;
import dev.spool.engine.deadletter.DeliveryLimit;
import dev.spool.engine.expiry.ExpiryIndex;
import dev.spool.engine.expiry.MessageExpiration;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.message.MessageFormats;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.policy.Overflow;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * The RabbitMQ queue features of a classic queue, wired to its {@link QueueIndex}: message TTL ({@link MessageTtl}),
 * length limits and overflow ({@link QueueLimits}), dead-lettering ({@link DeadLetterCollector}), the delivery limit,
 * and queue expiry ({@link UnusedQueueExpiry}). {@link ClassicQueue} calls one method at each point of a message's
 * life; each returns at a field check when the queue's settings do not ask for the feature, so a queue without any of
 * them costs what it did before.
 *
 * <p>Not thread-safe: owned by its queue, every method under the queue's lock.
 */
final class QueueFeatures {
    private static final String DELIVERY_COUNT = DeliveryLimit.HEADER;

    private final String queueName;
    private final QueueIndex index;
    private final Clock clock;
    private final Timers timers;
    private final Runnable expireMessagesTask;
    private final Runnable expireQueueTask;
    private final QueueLimits limits = new QueueLimits();
    private final DeadLetterCollector deadLetters = new DeadLetterCollector();
    /** Null until a message with a TTL arrives. */
    private MessageTtl ttl;
    /** Null without {@code x-expires}. */
    private UnusedQueueExpiry unused;
    private long expiresAfter = EffectiveQueueSettings.NONE;
    /** Whether a dead letter destination is wired (set once by {@link ClassicQueue#connect}). */
    private boolean canDeadLetter;
    /** Entries recovered over their delivery limit, dead-lettered by {@link #afterRecovery}. */
    private long[] overLimitAtRecovery;
    private int overLimitCount;
    /** Entries waiting out an {@code x-delay} or a retry: not ready, but they count towards the length limits. */
    private int waiting;
    private long waitingBytes;

    QueueFeatures(String queueName, QueueIndex index, Clock clock, Runnable expireMessagesTask,
                  Runnable expireQueueTask) {
        this.queueName = queueName;
        this.index = index;
        this.clock = clock;
        this.timers = Timers.of(clock);
        this.expireMessagesTask = expireMessagesTask;
        this.expireQueueTask = expireQueueTask;
    }

    /** The queue has a virtual host to route its dead letters through. */
    void canDeadLetter(boolean value) {
        canDeadLetter = value;
    }

    /**
     * New settings (creation, policy change): starts or stops counting bytes, (re)starts the queue expiry countdown
     * when {@code x-expires} changed, and enforces a lowered length limit at once.
     */
    void apply(EffectiveQueueSettings settings, int consumers) {
        limits.apply(settings);
        if (settings.expires() != expiresAfter) {
            expiresAfter = settings.expires();
            if (unused != null) {
                unused.cancel();
            }
            unused = expiresAfter > 0
                    ? new UnusedQueueExpiry(expiresAfter, clock.millis(), consumers, timers, expireQueueTask) : null;
        }
        dropHeadWhileOver(settings);
    }

    // ---- arrival ------------------------------------------------------------------------------------------------

    /**
     * Whether a length limit with reject-publish or reject-publish-dlx refuses the message; when it does, its stored
     * reference is settled (after dead-lettering it, for reject-publish-dlx).
     */
    boolean refuses(Message message, long position, EffectiveQueueSettings settings) {
        if (!settings.hasLengthLimit()
                || !limits.refuses(settings, index.readyCount() + waiting, waitingBytes, message.bodySize())) {
            return false;
        }
        if (settings.overflow() == Overflow.REJECT_PUBLISH_DLX && deadLetters(settings)) {
            deadLetters.add(message, position, DeathReason.MAXLEN, settings);
        } else {
            index.refuse(position);
        }
        return true;
    }

    /** Entry {@code id} was just added for {@code message}; the queue dispatches next, then calls {@link #arrived}. */
    void added(long id, Message message, EffectiveQueueSettings settings) {
        limits.added(id, message.bodySize());
        if (message.ttl() >= 0 || settings.messageTtl() != EffectiveQueueSettings.NONE) {
            long expiresAt = MessageTtl.expiresAt(message, settings.messageTtl(), clock.millis());
            if (expiresAt != MessageExpiration.NEVER) {
                ttl().arrived(id, expiresAt);
            }
        }
    }

    /**
     * How many entries wait out an {@code x-delay} or a retry now ({@link QueueDelays}) and their body bytes: they
     * count towards the length limits.
     */
    void waitingChanged(int count, long bytes) {
        waiting = count;
        waitingBytes = bytes;
    }

    /**
     * Entry {@code id} became ready after waiting ({@link QueueDelays}): its TTL starts now (so, as for a new message,
     * a TTL of 0 still reaches a consumer with credit). The queue dispatches next, then calls {@link #arrived}.
     *
     * @param messageTtl the TTL of its {@code expiration}, or {@link Message#NO_TTL}
     */
    void becameReady(long id, int bodySize, long messageTtl, EffectiveQueueSettings settings) {
        limits.added(id, bodySize);
        if (messageTtl >= 0 || settings.messageTtl() != EffectiveQueueSettings.NONE) {
            long expiresAt = MessageExpiration.expiresAt(clock.millis(), messageTtl, settings.messageTtl());
            if (expiresAt != MessageExpiration.NEVER) {
                ttl().arrived(id, expiresAt);
            }
        }
    }

    /** After the dispatch that followed {@link #added}: expiry of a TTL-0 message nobody took, then drop-head. */
    void arrived(EffectiveQueueSettings settings) {
        if (ttl != null) {
            ttl.settleArrival();
            expireDue(settings);
        }
        dropHeadWhileOver(settings);
    }

    // ---- expiry -------------------------------------------------------------------------------------------------

    /** Takes out every ready message whose TTL ran out (dead-lettered as {@code expired}) and re-arms the timer. */
    void expireDue(EffectiveQueueSettings settings) {
        if (ttl == null || !ttl.hasReady()) {
            return;
        }
        long now = clock.millis();
        long id;
        while ((id = ttl.pollExpired(now)) != ExpiryIndex.NONE) {
            if (index.removeReadyEntry(id)) {
                limits.removedReady(id);
                died(DeathReason.EXPIRED, settings);
            }
        }
        ttl.rearm();
    }

    /** The message TTL timer ran. */
    void messageTimerFired(EffectiveQueueSettings settings) {
        if (ttl != null) {
            ttl.timerFired(clock.millis());
            expireDue(settings);
        }
    }

    /** The queue expiry timer ran: whether the queue expired (else the timer is re-armed). */
    boolean queueTimerFired() {
        return unused != null && unused.timerFired(clock.millis());
    }

    /** Whether the queue expired by now (checked again under the virtual host's lock before deleting it). */
    boolean queueExpired() {
        return unused != null && unused.expired(clock.millis());
    }

    // ---- delivery and settlement --------------------------------------------------------------------------------

    /** The entry the index just took goes out. Returns the message to deliver ({@code x-delivery-count} added). */
    Message taken(long id, Message message, boolean noAck, EffectiveQueueSettings settings) {
        if (ttl != null) {
            ttl.delivered(id, noAck);
        }
        limits.taken(id);
        if (noAck) {
            limits.settled(id);
        }
        if (settings.deliveryLimit() == EffectiveQueueSettings.NONE) {
            return message;
        }
        int deliveries = index.takenDeliveries();
        MessageFormat format = MessageFormats.current();
        if (deliveries <= 1 || format == null) {
            return message;
        }
        return format.rewrite(message, message.exchange(), message.routingKey(),
                Map.of(DELIVERY_COUNT, (long) (deliveries - 1)), false, message.publishedAtMillis());
    }

    /** basic.get or a redeclaration: the queue was used. */
    void used() {
        if (unused != null) {
            unused.used(clock.millis());
        }
    }

    void consumersChanged(int count) {
        if (unused != null) {
            unused.consumersChanged(count, clock.millis());
        }
    }

    /** An unacknowledged entry was acked, or settled by its queue. */
    void settled(long id) {
        if (ttl != null) {
            ttl.settled(id);
        }
        limits.settled(id);
    }

    /**
     * A reject or nack without requeue: with a dead letter exchange, takes the entry out for dead-lettering and
     * returns true; else returns false and the queue settles it as before.
     */
    boolean rejected(long id, EffectiveQueueSettings settings) {
        if (!deadLetters(settings) || !index.takeUnacked(id)) {
            return false;
        }
        settled(id);
        died(DeathReason.REJECTED, settings);
        return true;
    }

    /** A requeue of an unacknowledged entry, honouring the delivery limit; false when it was not outstanding. */
    boolean requeue(long id, EffectiveQueueSettings settings) {
        int outcome = index.requeue(id, settings.deliveryLimit());
        if (outcome == QueueIndex.NOT_OUTSTANDING) {
            return false;
        }
        if (outcome == QueueIndex.OVER_LIMIT) {
            settled(id);
            died(DeathReason.DELIVERY_LIMIT, settings);
        } else {
            if (ttl != null) {
                ttl.requeued(id);
            }
            limits.requeued(id);
        }
        return true;
    }

    /** A ready entry was removed by management. */
    void removedReady(long id) {
        if (ttl != null) {
            ttl.removed(id);
        }
        limits.removedReady(id);
    }

    /** Every ready message was purged. */
    void purged() {
        if (ttl != null) {
            ttl.readyCleared();
        }
        limits.readyCleared();
    }

    /** The queue is deleted: timers cancelled. */
    void deleted() {
        if (ttl != null) {
            ttl.clear();
        }
        if (unused != null) {
            unused.cancel();
        }
        limits.readyCleared();
    }

    // ---- recovery -----------------------------------------------------------------------------------------------

    /** A ready entry recovered after a restart: its expiry from its timestamp, its delivery count against the limit. */
    void recovered(long id, int bodySize, int deliveries, long publishedAt, long messageTtl,
                   EffectiveQueueSettings settings) {
        limits.added(id, bodySize);
        long expiresAt = MessageExpiration.expiresAt(publishedAt, messageTtl, settings.messageTtl());
        if (expiresAt != MessageExpiration.NEVER) {
            ttl().recovered(id, expiresAt);
        }
        if (DeliveryLimit.exceeded(deliveries, settings.deliveryLimit())) {
            if (overLimitAtRecovery == null) {
                overLimitAtRecovery = new long[16];
            } else if (overLimitCount == overLimitAtRecovery.length) {
                overLimitAtRecovery = Arrays.copyOf(overLimitAtRecovery, overLimitCount * 2);
            }
            overLimitAtRecovery[overLimitCount++] = id;
        }
    }

    /**
     * Once the queue can route: dead-letters what expired or went over its delivery limit while the broker was down,
     * and enforces the length limit.
     */
    void afterRecovery(EffectiveQueueSettings settings) {
        for (int i = 0; i < overLimitCount; i++) {
            long id = overLimitAtRecovery[i];
            if (index.removeReadyEntry(id)) {
                removedReady(id);
                died(DeathReason.DELIVERY_LIMIT, settings);
            }
        }
        overLimitAtRecovery = null;
        overLimitCount = 0;
        expireDue(settings);
        dropHeadWhileOver(settings);
    }

    // ---- dead letters -------------------------------------------------------------------------------------------

    /** What died since the last drain, for routing outside the lock; null when nothing. */
    DeadLetterCollector.Batch drainDeadLetters() {
        return deadLetters.isEmpty() ? null : deadLetters.drain();
    }

    /**
     * Routes a drained batch (outside the queue's lock), then settles the originals under {@code lock}: at least once.
     */
    void route(DeadLetterCollector.Batch batch, QueueHost host, Lock lock) {
        DeadLetterCollector.route(batch, queueName, host, clock.millis());
        lock.lock();
        try {
            for (DeadLetterCollector.Dead dead : batch.dead()) {
                index.settleRemoved(dead.ref());
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean deadLetters(EffectiveQueueSettings settings) {
        return canDeadLetter && settings.deadLetterExchange() != null && MessageFormats.current() != null;
    }

    /** The entry the index removed last died: collected for its dead letter exchange, or dropped. */
    private void died(DeathReason reason, EffectiveQueueSettings settings) {
        long ref = index.removedRef();
        if (!deadLetters(settings)) {
            index.forgetRemoved();
            index.settleRemoved(ref);
            return;
        }
        Message message = index.removedMessage();
        if (message == null) { // unreadable record: nothing to dead-letter
            index.settleRemoved(ref);
            return;
        }
        deadLetters.add(message, ref, reason, settings);
    }

    private void dropHeadWhileOver(EffectiveQueueSettings settings) {
        if (!settings.hasLengthLimit() || settings.overflow() != Overflow.DROP_HEAD) {
            return;
        }
        while (limits.over(settings, index.readyCount() + waiting, waitingBytes)) {
            long id = index.nextReadyId();
            if (id == 0 || !index.removeReadyEntry(id)) {
                return;
            }
            removedReady(id);
            died(DeathReason.MAXLEN, settings);
        }
    }

    private MessageTtl ttl() {
        if (ttl == null) {
            ttl = new MessageTtl(timers, expireMessagesTask);
        }
        return ttl;
    }
}
