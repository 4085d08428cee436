package dev.spool.it.confirm;

import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publisher confirms: every publish on a confirm channel is acked exactly once, in a way the client can count. */
class PublisherConfirmsTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 2_500;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void tenThousandPublishesFromFourThreadsAreEachConfirmedExactlyOnce() throws Exception {
        Connection connection = broker.newConnection();
        String queue = broker.uniqueName("confirms");
        RunningBroker.openChannel(connection).queueDeclare(queue, false, false, false, null);
        List<Channel> channels = new ArrayList<>();
        List<ConfirmTracker> trackers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Channel channel = RunningBroker.openChannel(connection);
            channel.confirmSelect();
            ConfirmTracker tracker = new ConfirmTracker(PER_THREAD);
            channel.addConfirmListener(tracker);
            channels.add(channel);
            trackers.add(tracker);
        }

        ExecutorService publishers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Channel channel = channels.get(i);
                int thread = i;
                done.add(publishers.submit(() -> {
                    publishAndWait(channel, queue, thread);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            publishers.shutdownNow();
        }

        for (ConfirmTracker tracker : trackers) {
            await().atMost(Duration.ofSeconds(5)).until(() -> tracker.confirmedCount() == PER_THREAD);
            assertThat(tracker.problems()).isEmpty();
            assertThat(tracker.unconfirmed()).isEmpty();
        }
        assertThat(broker.existingQueue(queue).messageCount()).isEqualTo(THREADS * PER_THREAD);
    }

    @Test
    void unroutableMandatoryPublishIsReturnedThenAcked() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        List<String> events = new CopyOnWriteArrayList<>();
        channel.addReturnListener(r -> events.add("return " + r.getReplyCode()));
        channel.addConfirmListener(recording(events));

        channel.basicPublish("", "no-such-queue", true, null, new byte[] {1});
        channel.waitForConfirmsOrDie(10_000);

        assertThat(events).containsExactly("return 312", "ack 1");
    }

    @Test
    void unroutablePublishWithoutMandatoryIsStillAcked() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        List<String> events = new CopyOnWriteArrayList<>();
        channel.addConfirmListener(recording(events));

        channel.basicPublish("", "no-such-queue", false, null, new byte[] {1});
        channel.waitForConfirmsOrDie(10_000);

        assertThat(events).containsExactly("ack 1");
    }

    @Test
    void sequenceNumbersStartAtOneOnEachConfirmChannel() throws Exception {
        Channel first = broker.newChannel();
        Channel second = broker.newChannel();
        String queue = first.queueDeclare().getQueue();
        List<String> events = new CopyOnWriteArrayList<>();
        for (Channel channel : List.of(first, second)) {
            channel.confirmSelect();
            channel.addConfirmListener(recording(events));
            channel.basicPublish("", queue, null, new byte[] {1});
            channel.waitForConfirmsOrDie(10_000);
        }

        assertThat(events).containsExactly("ack 1", "ack 1");
    }

    @Test
    void publishToAMissingExchangeOnAConfirmChannelFailsTheWaitAndClosesWith404() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();

        channel.basicPublish("no-such-exchange", "key", null, new byte[] {1});

        assertThatThrownBy(() -> channel.waitForConfirmsOrDie(10_000)).isNotNull();
        assertChannelClosedBy(channel, 404, 60, 40);
    }

    private static void publishAndWait(Channel channel, String queue, int thread) throws Exception {
        for (int i = 0; i < PER_THREAD; i++) {
            byte[] body = ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
            channel.basicPublish("", queue, null, body);
        }
        channel.waitForConfirmsOrDie(30_000);
    }

    private static ConfirmListener recording(List<String> events) {
        return new ConfirmListener() {
            @Override
            public void handleAck(long deliveryTag, boolean multiple) {
                events.add("ack " + deliveryTag);
            }

            @Override
            public void handleNack(long deliveryTag, boolean multiple) throws IOException {
                events.add("nack " + deliveryTag);
            }
        };
    }
}
