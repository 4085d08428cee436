package dev.spool.it.support;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that keeps every delivery it gets, in order, and notes a broker-sent basic.cancel. It never acks on its
 * own: the test decides.
 *
 * <p>The client library calls it on its consumer dispatch thread; the test thread reads what it recorded (the list is
 * copy-on-write, the cancel flag a latch).
 */
public final class RecordingConsumer extends DefaultConsumer {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final CountDownLatch cancelledByBroker = new CountDownLatch(1);

    public RecordingConsumer(Channel channel) {
        super(channel);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
            byte[] body) {
        deliveries.add(new Delivery(envelope, properties, body));
    }

    @Override
    public void handleCancel(String consumerTag) {
        cancelledByBroker.countDown();
    }

    /** Waits until at least {@code count} deliveries arrived and returns all of them so far. */
    public List<Delivery> awaitDeliveries(int count) {
        await().atMost(WAIT).until(() -> deliveries.size() >= count);
        return List.copyOf(deliveries);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public int count() {
        return deliveries.size();
    }

    /** The bodies received so far, decoded as UTF-8. */
    public List<String> bodies() {
        List<String> bodies = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            bodies.add(new String(delivery.getBody(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /** True once the broker sent basic.cancel for this consumer, waiting up to ten seconds for it. */
    public boolean awaitCancelByBroker() throws InterruptedException {
        return cancelledByBroker.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
