package dev.spool.engine.queue;

import dev.spool.engine.deadletter.DeadLetter;
import dev.spool.engine.deadletter.DeadLetters;
import dev.spool.engine.deadletter.DeathHistory;
import dev.spool.engine.deadletter.DeathReason;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.message.MessageFormats;
import dev.spool.engine.policy.EffectiveQueueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messages that died in one queue and wait to be republished to its dead letter exchange. The queue collects them
 * under its lock (taking them out of its index without settling their store references) and {@link #route}s them
 * after releasing it, never holding two queue locks; only once a dead letter has been handed to the virtual host
 * (routed, and stored when it went to a durable queue) does the queue settle the original's reference. So a crash in
 * between may leave both the original (recovered in its queue) and its dead letter: at least once, never lost.
 *
 * <p>Collecting is under the owning queue's lock; {@link #route} runs on the thread that released it.
 */
final class DeadLetterCollector {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCollector.class);

    /** One message that died: its store reference is settled once it is routed. */
    record Dead(Message message, long ref, DeathReason reason) {
    }

    /** One batch to route, with the settings that applied when the messages died. */
    record Batch(List<Dead> dead, EffectiveQueueSettings settings) {
    }

    private List<Dead> pending;
    private EffectiveQueueSettings pendingSettings;

    /** Adds a message that died. Under the queue's lock. */
    void add(Message message, long ref, DeathReason reason, EffectiveQueueSettings settings) {
        if (pending == null) {
            pending = new ArrayList<>(4);
        }
        pending.add(new Dead(message, ref, reason));
        pendingSettings = settings;
    }

    boolean isEmpty() {
        return pending == null;
    }

    /** What was collected, for routing after the lock is released; null when nothing. Under the queue's lock. */
    Batch drain() {
        if (pending == null) {
            return null;
        }
        Batch batch = new Batch(pending, pendingSettings);
        pending = null;
        pendingSettings = null;
        return batch;
    }

    /**
     * Rebuilds and routes each dead message as RabbitMQ does: death history recorded, expiration removed, published
     * to the dead letter exchange with the dead letter routing key (the CC header then removed) or its own keys.
     * Outside any queue lock.
     */
    static void route(Batch batch, String queueName, QueueHost host, long nowMillis) {
        MessageFormat format = MessageFormats.current();
        EffectiveQueueSettings settings = batch.settings();
        for (Dead dead : batch.dead()) {
            if (format == null || host == null || settings.deadLetterExchange() == null) {
                continue;
            }
            try {
                Rebuilt rebuilt = rebuild(format, dead, queueName, settings, nowMillis);
                host.publishDeadLetter(rebuilt.message(), rebuilt.letter());
            } catch (RuntimeException e) {
                LOG.error("queue '{}': cannot dead-letter a message; dropping it", queueName, e);
            }
        }
    }

    private record Rebuilt(Message message, DeadLetter letter) {
    }

    private static Rebuilt rebuild(MessageFormat format, Dead dead, String queueName,
                                   EffectiveQueueSettings settings, long nowMillis) {
        Message message = dead.message();
        Message full = message;
        if (message.headers().isEmpty()) {
            // read back from the log, which keeps properties only: decode its headers and CC keys
            full = format.rewrite(message, message.exchange(), message.routingKey(), Map.of(), false,
                    message.publishedAtMillis());
        }
        DeathHistory history = message.deadLettered()
                ? DeathHistory.fromHeaders(full.headers(), format.fieldReader()) : DeathHistory.NONE;
        String routingKey = settings.deadLetterRoutingKey();
        DeadLetter letter = DeadLetters.prepare(full, dead.reason(), queueName, settings.deadLetterExchange(),
                routingKey, format.expiration(message), history, nowMillis);
        Map<String, Object> changes = letter.history().writeTo(Map.of());
        List<String> extraKeys = letter.extraRoutingKeys();
        if (routingKey != null) {
            changes.put("CC", null); // RabbitMQ drops CC when a dead letter routing key replaces the keys
        }
        Message rebuilt = format.rewrite(full, letter.exchange(), letter.routingKey(), changes, true, nowMillis);
        return new Rebuilt(rebuilt.asDeadLetter(extraKeys), letter);
    }
}
