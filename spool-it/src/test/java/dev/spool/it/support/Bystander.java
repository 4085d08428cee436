package dev.spool.it.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An innocent client that keeps publishing numbered messages to a queue of its own and consuming them while hostile
 * clients attack the broker: afterwards it tells whether it lost, duplicated or reordered anything. It has its own
 * connection, not closed between tests.
 *
 * <p>A thread of its own publishes (with publisher confirms); the client library's thread consumes; the test thread
 * starts and stops it.
 */
public final class Bystander implements AutoCloseable {
    private final Connection connection;
    private final Channel publishing;
    private final String queue;
    private final List<Long> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread publisher;
    private volatile long published;
    private volatile Exception failure;

    private Bystander(ConnectionFactory factory, String queue) throws Exception {
        this.queue = queue;
        this.connection = factory.newConnection("bystander");
        this.publishing = connection.createChannel();
        publishing.queueDeclare(queue, false, false, true, null);
        publishing.confirmSelect();
        Channel consuming = connection.createChannel();
        DeliverCallback onDelivery = (tag, delivery) -> {
            received.add(ByteBuffer.wrap(delivery.getBody()).getLong());
            consuming.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        };
        consuming.basicConsume(queue, false, onDelivery, tag -> { });
        this.publisher = new Thread(this::publish, "bystander-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    /** Starts publishing and consuming on a connection of its own made by {@code factory}. */
    public static Bystander start(ConnectionFactory factory, String queue) throws Exception {
        return new Bystander(factory, queue);
    }

    private void publish() {
        long next = 0;
        try {
            while (running.get()) {
                publishing.basicPublish("", queue, null, ByteBuffer.allocate(8).putLong(next).array());
                next++;
                if (next % 20 == 0) {
                    publishing.waitForConfirmsOrDie(10_000);
                    published = next;
                    Thread.sleep(5);
                }
            }
            publishing.waitForConfirmsOrDie(10_000);
            published = next;
        } catch (Exception e) {
            failure = e;
        }
    }

    /**
     * Stops publishing, waits for every confirmed message to arrive, and returns what went wrong (empty if nothing):
     * a failure of its connection, a message lost, duplicated or out of order.
     */
    public List<String> stopAndCheck() throws Exception {
        running.set(false);
        publisher.join(TimeUnit.SECONDS.toMillis(15));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (received.size() < published && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<String> problems = new ArrayList<>();
        if (failure != null) {
            problems.add("publishing failed: " + failure);
        }
        if (!connection.isOpen()) {
            problems.add("its connection closed: " + connection.getCloseReason());
        }
        if (published < 100) {
            problems.add("it published only " + published + " messages");
        }
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i) != i) {
                problems.add("message " + i + " arrived as " + received.get(i));
                break;
            }
        }
        if (received.size() != published) {
            problems.add("published " + published + " (confirmed), received " + received.size());
        }
        return problems;
    }

    @Override
    public void close() {
        running.set(false);
        connection.abort(1_000);
    }
}
