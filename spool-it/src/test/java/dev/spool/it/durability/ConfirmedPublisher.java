package dev.spool.it.durability;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes persistent messages numbered from a first id to one queue as fast as the broker confirms them (at most
 * {@code window} unconfirmed), until stopped or until its connection dies (the broker was killed). Records which ids
 * the broker confirmed and which it nacked. Each message's body starts with its id.
 *
 * <p>{@link #run()} on its own thread; the sets and counters may be read from any thread.
 */
final class ConfirmedPublisher implements Runnable {
    static final int BODY_SIZE = 200;

    final NavigableSet<Long> confirmed = new ConcurrentSkipListSet<>();
    final NavigableSet<Long> nacked = new ConcurrentSkipListSet<>();
    private final ConnectionFactory factory;
    private final String queue;
    private final long firstId;
    private final Semaphore window;
    private final ConcurrentNavigableMap<Long, Long> outstanding = new ConcurrentSkipListMap<>();
    private volatile long lastPublished;
    private volatile boolean stopped;
    private volatile Throwable unexpected;

    ConfirmedPublisher(ConnectionFactory factory, String queue, long firstId, int window) {
        this.factory = factory;
        this.queue = queue;
        this.firstId = firstId;
        this.lastPublished = firstId - 1;
        this.window = new Semaphore(window);
    }

    static byte[] body(long id) {
        return ByteBuffer.allocate(BODY_SIZE).putLong(id).array();
    }

    static long id(byte[] body) {
        return ByteBuffer.wrap(body).getLong();
    }

    long firstId() {
        return firstId;
    }

    /** The highest id sent (it may or may not have reached the broker). */
    long lastPublished() {
        return lastPublished;
    }

    void stop() {
        stopped = true;
    }

    /** Something other than losing the broker went wrong, or null. */
    Throwable unexpected() {
        return unexpected;
    }

    @Override
    public void run() {
        AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC;
        try (Connection connection = factory.newConnection("confirmed-publisher")) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.addConfirmListener((sequence, multiple) -> resolve(sequence, multiple, true),
                    (sequence, multiple) -> resolve(sequence, multiple, false));
            long id = firstId;
            while (!stopped && connection.isOpen()) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                outstanding.put(channel.getNextPublishSeqNo(), id);
                channel.basicPublish("", queue, persistent, body(id));
                lastPublished = id;
                id++;
            }
        } catch (Exception e) {
            if (!stopped && !isConnectionLoss(e)) {
                unexpected = e;
            }
        }
    }

    private void resolve(long sequence, boolean multiple, boolean ack) {
        Map<Long, Long> done = multiple ? outstanding.headMap(sequence, true) : single(sequence);
        int count = 0;
        for (Long id : done.values()) {
            (ack ? confirmed : nacked).add(id);
            count++;
        }
        done.clear();
        window.release(count);
    }

    private Map<Long, Long> single(long sequence) {
        return outstanding.subMap(sequence, true, sequence, true);
    }

    /** The broker went away (killed): expected here. */
    static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.rabbitmq.client.ShutdownSignalException
                    || t instanceof com.rabbitmq.client.AlreadyClosedException
                    || t instanceof java.net.SocketException
                    || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return e instanceof java.io.IOException;
    }
}
