package dev.spool.it.lease;

import static dev.spool.it.support.ProtocolErrors.assertChannelClosedBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import dev.spool.engine.ManualTime;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lease extension: a consumer publishes to {@code amq.spool.lease} with the delivery tag as routing key to keep a
 * delivery past its queue's consumer timeout; requests are confirmed, and a mandatory one for a delivery no longer
 * held comes back as basic.return 312 NO_ROUTE.
 */
class LeaseExtensionTest {
    private static final String LEASE = "amq.spool.lease";
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME);

    @Test
    void theLeaseExchangeExistsAndCannotBeDeclaredOrDeleted() throws Exception {
        Channel channel = broker.newChannel();
        channel.exchangeDeclarePassive(LEASE);

        assertThat(dev.spool.it.support.ProtocolErrors.assertChannelError(
                () -> broker.newChannel().exchangeDelete(LEASE), 403, 40, 20).getReplyText())
                .isEqualTo("ACCESS_REFUSED - deletion of system exchange 'amq.spool.lease' in vhost '/' not allowed");
    }

    @Test
    void anExtendedDeliveryOutlivesItsOriginalTimeout() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        String queue = declare(channel, 10_000);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        channel.basicPublish("", queue, null, "long job".getBytes(StandardCharsets.UTF_8));
        long tag = consumer.awaitDeliveries(1).get(0).getEnvelope().getDeliveryTag();
        TIME.advance(8_000);

        extend(channel, tag, Map.of("x-extend-ms", 20_000), false);
        channel.waitForConfirmsOrDie(5_000);
        TIME.advance(5_000); // 13 s: past the original 10 s

        ConsumerTimeoutTest.roundTrips(channel, queue);
        assertThat(consumer.count()).isEqualTo(1);
        assertThat(broker.existingQueue(queue).unackedCount()).isEqualTo(1);
        TIME.advance(15_001); // past the extended 28 s
        assertThat(consumer.awaitDeliveries(2).get(1).getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void aRequestWithoutDurationExtendsByTheQueueTimeoutAndMultipleCoversEarlierDeliveries() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, 10_000);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }
        long third = consumer.awaitDeliveries(3).get(2).getEnvelope().getDeliveryTag();
        TIME.advance(9_000);

        extend(channel, third - 1, Map.of("x-multiple", true), false); // the first two, for 10 s more
        ConsumerTimeoutTest.roundTrips(channel, queue);
        TIME.advance(1_001); // only the third runs out

        List<com.rabbitmq.client.Delivery> all = consumer.awaitDeliveries(4);
        assertThat(all.get(3).getBody()).containsExactly(2);
        ConsumerTimeoutTest.roundTrips(channel, queue);
        assertThat(consumer.count()).isEqualTo(4);
    }

    @Test
    void aMandatoryRequestForADeliveryNoLongerHeldIsReturnedThenConfirmed() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();
        List<Return> returns = new CopyOnWriteArrayList<>();
        channel.addReturnListener(returns::add);
        String queue = declare(channel, 1_000);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        channel.basicPublish("", queue, null, new byte[] {1});
        long tag = consumer.awaitDeliveries(1).get(0).getEnvelope().getDeliveryTag();
        TIME.advance(1_001);
        consumer.awaitDeliveries(2); // taken back and redelivered under a new tag

        extend(channel, tag, Map.of(), true);
        extend(channel, 999, Map.of(), true);
        channel.waitForConfirmsOrDie(5_000);

        assertThat(returns).hasSize(2);
        assertThat(returns.get(0).getReplyCode()).isEqualTo(312);
        assertThat(returns.get(0).getReplyText()).isEqualTo("NO_ROUTE");
        assertThat(returns.get(0).getExchange()).isEqualTo(LEASE);
        assertThat(returns.get(0).getRoutingKey()).isEqualTo(Long.toString(tag));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aRequestThatNamesNoDeliveryTagClosesTheChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicPublish(LEASE, "not-a-tag", null, new byte[0]);

        assertThat(assertChannelClosedBy(channel, 406, 60, 40).getReplyText())
                .isEqualTo("PRECONDITION_FAILED - invalid lease request: routing key 'not-a-tag' is not a delivery tag");
    }

    private String declare(Channel channel, int timeout) throws Exception {
        String queue = broker.uniqueName("leased");
        channel.queueDeclare(queue, false, false, true, Map.of("x-consumer-timeout", timeout));
        return queue;
    }

    private static void extend(Channel channel, long tag, Map<String, Object> headers, boolean mandatory)
            throws Exception {
        channel.basicPublish(LEASE, Long.toString(tag), mandatory,
                new AMQP.BasicProperties.Builder().headers(headers).build(), new byte[0]);
    }
}
