package dev.spool.engine.deadletter;

import dev.spool.engine.message.FieldValues;
import dev.spool.engine.message.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a message that died in a queue into the {@link DeadLetter} to republish, as RabbitMQ's
 * {@code rabbit_dead_letter:publish/5} does. Stateless and allocation-happy by design: dead-lettering is off the
 * publish-deliver hot path. Any thread.
 *
 * <p><b>How the queue calls it</b> (wired with the durable queue): when a message dies (reject/nack without requeue,
 * expiry, drop-head or reject-publish-dlx overflow, delivery limit), the queue, under its lock, asks its resolved
 * settings for the dead letter exchange; with none, the message is simply dropped. Otherwise it calls
 * {@link #prepare} with the history read by {@link DeathHistory#fromHeaders} (for a message it dead-lettered before)
 * or {@link DeathHistory#NONE}, and hands the result, outside its lock, to the virtual host, which rebuilds the
 * message through the front end's message rewriter (new headers, no expiration, exchange and routing keys from the
 * dead letter), routes it from the dead letter exchange (dropped if that exchange does not exist, as in RabbitMQ) and
 * skips every routed queue for which {@link DeadLetter#dropsAt} is true.
 */
public final class DeadLetters {
    private static final String CC = "CC";

    private DeadLetters() {
    }

    /**
     * @param message              the message that died
     * @param reason               why
     * @param queue                the queue it died in
     * @param deadLetterExchange   the queue's dead letter exchange (its {@code x-dead-letter-exchange} or policy)
     * @param deadLetterRoutingKey the queue's dead letter routing key, or null to keep the message's routing keys
     * @param expiration           the message's {@code expiration} property, or null
     * @param previous             its death history so far
     * @param nowMillis            the broker's clock
     */
    public static DeadLetter prepare(Message message, DeathReason reason, String queue, String deadLetterExchange,
                                     String deadLetterRoutingKey, String expiration, DeathHistory previous,
                                     long nowMillis) {
        Objects.requireNonNull(deadLetterExchange, "deadLetterExchange");
        DeathHistory history = previous.record(reason, queue, message.exchange(), recordedRoutingKeys(message),
                expiration, nowMillis);
        List<String> routingKeys;
        if (deadLetterRoutingKey != null) {
            routingKeys = List.of(deadLetterRoutingKey);
        } else {
            routingKeys = new ArrayList<>(1 + message.extraRoutingKeys().size());
            routingKeys.add(message.routingKey());
            routingKeys.addAll(message.extraRoutingKeys());
        }
        return new DeadLetter(deadLetterExchange, routingKeys, history.writeTo(message.headers()), reason, history);
    }

    /**
     * The routing keys an {@code x-death} entry records: the message's routing key and the long strings of its
     * {@code CC} header (BCC keys never reach consumers, so they are not in its headers). RabbitMQ subtracts the BCC
     * keys from the full list instead, which can only differ in order when a BCC key repeats a CC key.
     */
    static List<String> recordedRoutingKeys(Message message) {
        List<String> keys = new ArrayList<>(2);
        keys.add(message.routingKey());
        if (message.headers().get(CC) instanceof List<?> cc) {
            for (Object key : cc) {
                if (FieldValues.isText(key)) {
                    keys.add(key.toString());
                }
            }
        }
        return keys;
    }
}
