package dev.spool.it.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.spool.it.support.BrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker in its own JVM is killed with SIGKILL at a random moment while publishers with confirms run flat out
 * (and, in the second test, a consumer acks concurrently), then started again on the same data directory, ten times
 * over. After each restart the queues are drained and checked against what the clients were told before the kill:
 * <ul>
 *   <li>every confirmed message is there, once, in publish order (unconfirmed ones may or may not be: the test never
 *   counts those as lost);</li>
 *   <li>nothing comes back that was never published, or that was acked and the ack settled by a later round trip;</li>
 *   <li>a message the consumer got before the kill comes back, if at all, flagged redelivered (an ack not yet
 *   settled may be lost with the broker: at-least-once);</li>
 *   <li>messages nobody consumed come back not redelivered.</li>
 * </ul>
 * The random seed is in every failure message.
 */
class KillDashNineTest {
    private static final int ROUNDS = 10;
    private static final int CONFIRM_WINDOW = 500;
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS) // a guard against a hang; about 30 s normally
    void confirmedMessagesSurviveKillDashNineInOrder() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] queues = {"crash-a", "crash-b"};
        long nextId = 1;
        ConfirmedPublisher[] previous = null;
        for (int round = 0; round <= ROUNDS; round++) {
            try (BrokerProcess broker = start()) {
                declare(broker, queues);
                for (int q = 0; q < queues.length; q++) {
                    Drained drained = Drained.from(broker.connectionFactory(), queues[q]);
                    if (previous != null) {
                        checkSurvivors(drained, previous[q], null, describe(seed, round, queues[q], broker));
                    }
                }
                if (round == ROUNDS) {
                    break;
                }
                ConfirmedPublisher[] publishers = new ConfirmedPublisher[queues.length];
                List<Thread> threads = new ArrayList<>();
                for (int q = 0; q < queues.length; q++) {
                    publishers[q] = new ConfirmedPublisher(broker.connectionFactory(), queues[q], nextId,
                            CONFIRM_WINDOW);
                    threads.add(started(publishers[q]));
                    nextId += 100_000_000;
                }
                for (ConfirmedPublisher publisher : publishers) {
                    awaitProgress(publisher.confirmed);
                }
                Thread.sleep(random.nextInt(900));
                broker.killDashNine();
                joinAll(threads);
                for (ConfirmedPublisher publisher : publishers) {
                    assertThat(publisher.unexpected()).as(describe(seed, round, "", broker)).isNull();
                    assertThat(publisher.nacked).as("nacks; " + describe(seed, round, "", broker)).isEmpty();
                    assertThat(publisher.confirmed).as("confirms before the kill").isNotEmpty();
                }
                previous = publishers;
            }
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS) // a guard against a hang; about 30 s normally
    void ackedMessagesNeverComeBackAfterKillDashNine() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String queue = "crash-acked";
        long nextId = 1;
        ConfirmedPublisher previous = null;
        AckingConsumer previousConsumer = null;
        for (int round = 0; round <= ROUNDS; round++) {
            try (BrokerProcess broker = start()) {
                declare(broker, queue);
                Drained drained = Drained.from(broker.connectionFactory(), queue);
                if (previous != null) {
                    checkSurvivors(drained, previous, previousConsumer, describe(seed, round, queue, broker));
                }
                if (round == ROUNDS) {
                    break;
                }
                ConfirmedPublisher publisher = new ConfirmedPublisher(broker.connectionFactory(), queue, nextId,
                        CONFIRM_WINDOW);
                AckingConsumer consumer = new AckingConsumer(broker.connectionFactory(), queue);
                nextId += 100_000_000;
                List<Thread> threads = List.of(started(publisher), started(consumer));
                awaitProgress(publisher.confirmed);
                awaitProgress(consumer.settled);
                Thread.sleep(random.nextInt(900));
                broker.killDashNine();
                joinAll(threads);
                assertThat(publisher.unexpected()).as(describe(seed, round, queue, broker)).isNull();
                assertThat(consumer.unexpected()).as(describe(seed, round, queue, broker)).isNull();
                assertThat(publisher.nacked).as("nacks; " + describe(seed, round, queue, broker)).isEmpty();
                assertThat(consumer.settled).as("settled acks before the kill").isNotEmpty();
                previous = publisher;
                previousConsumer = consumer;
            }
        }
    }

    /**
     * What a queue holds after the restart, against what the publisher (and consumer, if any) were told before the
     * kill.
     */
    private static void checkSurvivors(Drained drained, ConfirmedPublisher publisher, AckingConsumer consumer,
                                       String context) {
        NavigableSet<Long> present = new TreeSet<>(drained.ids());
        assertThat(present).as("no duplicates; " + context).hasSize(drained.ids().size());
        assertThat(drained.ids()).as("in publish order; " + context).isSorted();
        assertThat(present.isEmpty() || (present.first() >= publisher.firstId()
                && present.last() <= publisher.lastPublished()))
                .as("only ids published in the last round (%d..%d), got %s..%s; %s", publisher.firstId(),
                        publisher.lastPublished(), present.isEmpty() ? "-" : present.first(),
                        present.isEmpty() ? "-" : present.last(), context)
                .isTrue();
        NavigableSet<Long> mustBeThere = new TreeSet<>(publisher.confirmed);
        if (consumer != null) {
            mustBeThere.removeAll(consumer.acked);
        }
        NavigableSet<Long> lost = new TreeSet<>(mustBeThere);
        lost.removeAll(present);
        assertThat(lost).as("confirmed (and not acked) messages lost; %d confirmed; %s",
                publisher.confirmed.size(), context).isEmpty();
        for (int i = 0; i < drained.ids().size(); i++) {
            long id = drained.ids().get(i);
            boolean redelivered = drained.redelivered().get(i);
            if (consumer == null) {
                assertThat(redelivered).as("message %d was never delivered; %s", id, context).isFalse();
                continue;
            }
            assertThat(consumer.settled).as("message %d came back after its ack was settled; %s", id, context)
                    .doesNotContain(id);
            if (consumer.delivered.contains(id)) {
                assertThat(redelivered).as("message %d was delivered before the kill; %s", id, context).isTrue();
            }
        }
    }

    /**
     * Waits until the clients got somewhere (a confirm, a settled ack) before the random wait and the kill, so that a
     * slow machine does not turn a round into one where nothing was confirmed yet, which tests nothing.
     */
    private static void awaitProgress(Collection<Long> ids) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> !ids.isEmpty());
    }

    private BrokerProcess start() throws Exception {
        return BrokerProcess.start(tmp.resolve("data"), tmp.resolve("broker.log"), JVM, List.of());
    }

    private static void declare(BrokerProcess broker, String... queues) throws Exception {
        try (Connection connection = broker.connectionFactory().newConnection("declare")) {
            Channel channel = connection.createChannel();
            for (String queue : queues) {
                channel.queueDeclare(queue, true, false, false, null);
            }
        }
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task, task.getClass().getSimpleName());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(30_000);
            assertThat(thread.isAlive()).as(thread.getName() + " ended after the kill").isFalse();
        }
    }

    private static String describe(long seed, int round, String queue, BrokerProcess broker) {
        return "seed " + seed + ", round " + round + ", queue '" + queue + "'; broker output:\n" + tail(broker.output());
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
    }
}
