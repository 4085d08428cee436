package dev.spool.amqp;

import dev.spool.engine.message.Message;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RabbitMQ's direct reply-to (RPC without a reply queue), the broker-wide half: the channels that consume from the
 * pseudo-queue {@value #QUEUE}, each under a key of 16 random bytes (url-safe base64), so that a reply published to
 * the default exchange with routing key {@value #PREFIX}{@code <key>} reaches the requester's channel directly: no
 * queue, no store, no credit check, as in RabbitMQ. The engine is not involved. The per-channel half is
 * {@link DirectReplyConsumer}.
 *
 * <p>One per AMQP server, shared by its connections. Thread-safe: channels register and leave on their event loops,
 * responders look keys up on theirs; a reply goes to the requester's event loop through its delivery outbox.
 */
final class DirectReplyTo {
    /** The pseudo-queue a requester consumes from and names in {@code reply_to}. */
    static final String QUEUE = "amq.rabbitmq.reply-to";
    /** What the rewritten {@code reply_to}, and so the reply's routing key, starts with. */
    static final String PREFIX = QUEUE + ".";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentHashMap<String, ConsumerState> consumers = new ConcurrentHashMap<>();

    /** Registers a channel's reply consumer; returns its key. */
    String register(ConsumerState consumer) {
        while (true) {
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            if (consumers.putIfAbsent(key, consumer) == null) {
                return key;
            }
        }
    }

    /** The reply consumer was cancelled or its channel closed: replies to its key are unroutable from now on. */
    void unregister(String key, ConsumerState consumer) {
        consumers.remove(key, consumer);
    }

    /** Whether {@code name} is {@value #PREFIX} followed by the key of a live reply consumer. */
    boolean isLive(String name) {
        return name.startsWith(PREFIX) && consumers.containsKey(name.substring(PREFIX.length()));
    }

    /** Whether a publish to the default exchange with this routing key is a reply. */
    static boolean isReply(String exchange, String routingKey) {
        return exchange.isEmpty() && routingKey.startsWith(PREFIX);
    }

    /**
     * Hands a reply to the requester's channel as a no-ack delivery of its reply consumer.
     *
     * @return false when no live consumer has the key (the reply is unroutable)
     */
    boolean deliver(Message reply) {
        ConsumerState consumer = consumers.get(reply.routingKey().substring(PREFIX.length()));
        if (consumer == null || consumer.isCancelled()) {
            return false;
        }
        consumer.deliver(null, 0, reply, false);
        return true;
    }
}
