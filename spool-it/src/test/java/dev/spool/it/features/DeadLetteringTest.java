package dev.spool.it.features;

import static dev.spool.it.features.Queues.awaitReady;
import static dev.spool.it.features.Queues.bytes;
import static dev.spool.it.features.Queues.deadLettersTo;
import static dev.spool.it.features.Queues.deaths;
import static dev.spool.it.features.Queues.header;
import static dev.spool.it.features.Queues.publish;
import static dev.spool.it.features.Queues.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.ManualTime;
import dev.spool.it.support.RunningBroker;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dead-lettering: the x-death and x-first/last-death headers exactly as RabbitMQ 4 writes them, keys, cycles. */
class DeadLetteringTest {
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME);

    @Test
    void aRejectedMessageCarriesRabbitMqsDeathHeadersAndKeepsItsRoutingKeys() throws Exception {
        Channel channel = broker.newChannel();
        String orders = broker.uniqueName("orders");
        String dlx = broker.uniqueName("dlx");
        String work = broker.uniqueName("work");
        String dead = broker.uniqueName("dead");
        channel.exchangeDeclare(orders, "direct");
        channel.exchangeDeclare(dlx, "fanout");
        channel.queueDeclare(work, false, false, false, Map.of("x-dead-letter-exchange", dlx));
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueBind(work, orders, "new");
        channel.queueBind(dead, dlx, "");
        channel.basicPublish(orders, "new", new AMQP.BasicProperties.Builder()
                .headers(Map.of("CC", List.of("cc-key"), "app", "shop")).expiration("60000").build(), bytes("order"));
        awaitReady(broker, work, 1);
        long before = TIME.millis() / 1000;

        GetResponse got = channel.basicGet(work, false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);

        awaitReady(broker, dead, 1);
        GetResponse deadLetter = channel.basicGet(dead, true);
        assertThat(deadLetter.getEnvelope().getExchange()).isEqualTo(dlx);
        assertThat(deadLetter.getEnvelope().getRoutingKey()).isEqualTo("new");
        assertThat(deadLetter.getProps().getExpiration()).as("expiration removed").isNull();
        List<Map<String, Object>> deaths = deaths(deadLetter);
        assertThat(deaths).hasSize(1);
        Map<String, Object> death = deaths.get(0);
        assertThat(death).containsOnlyKeys("original-expiration", "count", "reason", "queue", "time", "exchange",
                "routing-keys");
        assertThat(death).containsEntry("original-expiration", "60000").containsEntry("count", 1L)
                .containsEntry("reason", "rejected").containsEntry("queue", work).containsEntry("exchange", orders)
                .containsEntry("routing-keys", List.of("new", "cc-key"));
        assertThat(((Date) death.get("time")).getTime() / 1000).isEqualTo(before);
        assertThat(header(deadLetter, "x-first-death-reason")).isEqualTo("rejected");
        assertThat(header(deadLetter, "x-first-death-queue")).isEqualTo(work);
        assertThat(header(deadLetter, "x-first-death-exchange")).isEqualTo(orders);
        assertThat(header(deadLetter, "x-last-death-reason")).isEqualTo("rejected");
        assertThat(header(deadLetter, "x-last-death-queue")).isEqualTo(work);
        assertThat(header(deadLetter, "x-last-death-exchange")).isEqualTo(orders);
        assertThat(header(deadLetter, "app")).isEqualTo("shop");
    }

    @Test
    void dyingAgainInTheSameQueueCountsUpAndMovesTheEntryToTheFront() throws Exception {
        Channel channel = broker.newChannel();
        String work = broker.uniqueName("loop-work");
        String retry = broker.uniqueName("loop-retry");
        channel.queueDeclare(work, false, false, false, deadLettersTo(retry));
        channel.queueDeclare(retry, false, false, false, deadLettersTo(work));
        publish(channel, work, "job");
        awaitReady(broker, work, 1);

        rejectOne(channel, work);      // work -> retry
        awaitReady(broker, retry, 1);
        rejectOne(channel, retry);     // retry -> work
        awaitReady(broker, work, 1);
        rejectOne(channel, work);      // work -> retry again
        awaitReady(broker, retry, 1);

        GetResponse deadLetter = channel.basicGet(retry, true);
        List<Map<String, Object>> deaths = deaths(deadLetter);
        assertThat(deaths).hasSize(2);
        assertThat(deaths.get(0)).containsEntry("queue", work).containsEntry("count", 2L)
                .containsEntry("reason", "rejected").containsEntry("exchange", "")
                .containsEntry("routing-keys", List.of(work));
        assertThat(deaths.get(1)).containsEntry("queue", retry).containsEntry("count", 1L)
                .containsEntry("exchange", "").containsEntry("routing-keys", List.of(retry));
        assertThat(header(deadLetter, "x-first-death-queue")).isEqualTo(work);
        assertThat(header(deadLetter, "x-last-death-queue")).isEqualTo(work);
        assertThat(header(deadLetter, "x-last-death-exchange")).isEqualTo("");
    }

    @Test
    void aNackWithoutRequeueDeadLettersAndAnAckDoesNot() throws Exception {
        Channel channel = broker.newChannel();
        String work = broker.uniqueName("nack");
        String dead = broker.uniqueName("nack-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(work, false, false, false, deadLettersTo(dead));
        publish(channel, work, "nacked");
        publish(channel, work, "acked");
        awaitReady(broker, work, 2);

        GetResponse first = channel.basicGet(work, false);
        GetResponse second = channel.basicGet(work, false);
        channel.basicNack(first.getEnvelope().getDeliveryTag(), false, false);
        channel.basicAck(second.getEnvelope().getDeliveryTag(), false);

        awaitReady(broker, dead, 1);
        assertThat(Queues.bodies(Queues.drain(channel, dead))).containsExactly("nacked");
    }

    @Test
    void expiredMessagesBouncingBetweenTwoQueuesAreDroppedAsACycle() throws Exception {
        Channel channel = broker.newChannel();
        String a = broker.uniqueName("cycle-a");
        String b = broker.uniqueName("cycle-b");
        channel.queueDeclare(a, false, false, false, with(deadLettersTo(b), "x-message-ttl", 100));
        channel.queueDeclare(b, false, false, false, with(deadLettersTo(a), "x-message-ttl", 100));
        publish(channel, a, "ping");
        awaitReady(broker, a, 1);

        TIME.advance(100);
        assertThat(broker.existingQueue(b).messageCount()).as("first hop").isEqualTo(1);
        TIME.advance(100);

        assertThat(broker.existingQueue(a).messageCount()).as("back to a: a cycle, dropped").isZero();
        assertThat(broker.existingQueue(b).messageCount()).isZero();
    }

    @Test
    void aClientsOwnXDeathHeaderIsReplacedOnTheFirstDeath() throws Exception {
        Channel channel = broker.newChannel();
        String work = broker.uniqueName("forged");
        String dead = broker.uniqueName("forged-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(work, false, false, false, deadLettersTo(dead));
        Map<String, Object> forged = Map.of("count", 7L, "reason", "expired", "queue", "elsewhere");
        channel.basicPublish("", work, new AMQP.BasicProperties.Builder()
                .headers(Map.of("x-death", List.of(forged))).build(), bytes("m"));
        awaitReady(broker, work, 1);

        rejectOne(channel, work);

        awaitReady(broker, dead, 1);
        List<Map<String, Object>> deaths = deaths(channel.basicGet(dead, true));
        assertThat(deaths).hasSize(1);
        assertThat(deaths.get(0)).containsEntry("queue", work).containsEntry("count", 1L);
    }

    @Test
    void aMissingDeadLetterExchangeDropsTheMessage() throws Exception {
        Channel channel = broker.newChannel();
        String work = broker.uniqueName("no-dlx");
        channel.queueDeclare(work, false, false, false, Map.of("x-dead-letter-exchange", "does-not-exist"));
        publish(channel, work, "m");
        awaitReady(broker, work, 1);

        rejectOne(channel, work);

        org.awaitility.Awaitility.await().atMost(Queues.WAIT)
                .until(() -> broker.existingQueue(work).unackedCount() == 0);
        assertThat(broker.existingQueue(work).messageCount()).isZero();
    }

    private static void rejectOne(Channel channel, String queue) throws Exception {
        GetResponse got = channel.basicGet(queue, false);
        assertThat(got).as("a message in " + queue).isNotNull();
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
    }
}
