package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicCancel;
import dev.spool.codec.method.BasicCancelOk;
import dev.spool.codec.method.BasicConsume;
import dev.spool.codec.method.BasicConsumeOk;
import dev.spool.codec.method.BasicDeliver;
import dev.spool.codec.method.BasicGet;
import dev.spool.codec.method.BasicGetEmpty;
import dev.spool.codec.method.BasicGetOk;
import dev.spool.codec.method.BasicNack;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.BasicQos;
import dev.spool.codec.method.BasicQosOk;
import dev.spool.codec.method.BasicReject;
import dev.spool.codec.method.ChannelClose;
import dev.spool.codec.method.ChannelCloseOk;
import dev.spool.codec.method.ConnectionClose;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.codec.method.QueueDelete;
import dev.spool.codec.method.QueueDeleteOk;
import dev.spool.engine.Broker;
import dev.spool.engine.queue.Queue;
import org.junit.jupiter.api.Test;

class ConsumingTest {
    private final Broker broker = TestConnection.broker();

    private TestConnection openWithQueue(String name, int messages) {
        TestConnection c = TestConnection.open(broker, AmqpSettings.defaults());
        c.openChannel(1);
        c.send(1, new QueueDeclare(0, name, false, false, false, false, false, FieldTable.EMPTY));
        c.expect(1, QueueDeclareOk.class);
        for (int i = 0; i < messages; i++) {
            c.sendBytes(TestConnection.publishFrames(1, new BasicPublish(0, "", name, false, false),
                    BasicProperties.EMPTY, new byte[] {(byte) i}, 131072));
        }
        return c;
    }

    private Queue queue(String name) {
        return broker.vhost("/").findQueue(name);
    }

    private static BasicConsume consume(String queue, String tag, boolean noAck) {
        return new BasicConsume(0, queue, tag, false, noAck, false, false, FieldTable.EMPTY);
    }

    private static BasicDeliver expectDelivery(TestConnection c, int channel, int bodyByte) {
        BasicDeliver deliver = c.expect(channel, BasicDeliver.class);
        assertThat(c.expectContent(channel)).containsExactly((byte) bodyByte);
        return deliver;
    }

    @Test
    void consumerGetsNoMoreThanItsPrefetchUntilItAcks() {
        try (TestConnection c = openWithQueue("q", 5)) {
            c.send(1, new BasicQos(0, 2, false));
            c.expect(1, BasicQosOk.class);
            c.send(1, consume("q", "c1", false));
            assertThat(c.expect(1, BasicConsumeOk.class).consumerTag()).isEqualTo("c1");
            assertThat(expectDelivery(c, 1, 0).deliveryTag()).isEqualTo(1);
            assertThat(expectDelivery(c, 1, 1).deliveryTag()).isEqualTo(2);
            assertThat(c.isQuiet()).isTrue();
            c.send(1, new BasicAck(2, true));
            assertThat(expectDelivery(c, 1, 2).deliveryTag()).isEqualTo(3);
            assertThat(expectDelivery(c, 1, 3).deliveryTag()).isEqualTo(4);
            assertThat(c.isQuiet()).isTrue();
            assertThat(queue("q").unackedCount()).isEqualTo(2);
        }
    }

    @Test
    void qosChangesApplyOnlyToLaterConsumers() {
        try (TestConnection c = openWithQueue("q", 3)) {
            c.send(1, new BasicQos(0, 1, false));
            c.expect(1, BasicQosOk.class);
            c.send(1, consume("q", "c1", false));
            c.expect(1, BasicConsumeOk.class);
            expectDelivery(c, 1, 0);
            c.send(1, new BasicQos(0, 10, false));
            c.expect(1, BasicQosOk.class);
            c.send(1, new BasicAck(1, false));
            expectDelivery(c, 1, 1);
            assertThat(c.isQuiet()).isTrue();
        }
    }

    @Test
    void globalQosLimitsTheWholeChannel() {
        try (TestConnection c = openWithQueue("q", 4)) {
            c.send(1, new BasicQos(0, 1, true));
            c.expect(1, BasicQosOk.class);
            c.send(1, consume("q", "a", false));
            c.expect(1, BasicConsumeOk.class);
            BasicDeliver first = expectDelivery(c, 1, 0);
            c.send(1, consume("q", "b", false));
            c.expect(1, BasicConsumeOk.class);
            assertThat(c.isQuiet()).isTrue();
            c.send(1, new BasicAck(first.deliveryTag(), false));
            expectDelivery(c, 1, 1);
            assertThat(c.isQuiet()).isTrue();
        }
    }

    @Test
    void noAckConsumerIsNotLimitedByPrefetch() {
        try (TestConnection c = openWithQueue("q", 3)) {
            c.send(1, new BasicQos(0, 1, false));
            c.expect(1, BasicQosOk.class);
            c.send(1, consume("q", "", true));
            assertThat(c.expect(1, BasicConsumeOk.class).consumerTag()).matches("amq\\.ctag-[A-Za-z0-9_-]{22}");
            expectDelivery(c, 1, 0);
            expectDelivery(c, 1, 1);
            expectDelivery(c, 1, 2);
            assertThat(queue("q").unackedCount()).isZero();
        }
    }

    @Test
    void closingTheChannelRequeuesItsUnackedMessagesForOtherConsumers() {
        try (TestConnection c = openWithQueue("q", 2)) {
            c.send(1, consume("q", "c1", false));
            c.expect(1, BasicConsumeOk.class);
            expectDelivery(c, 1, 0);
            expectDelivery(c, 1, 1);
            c.openChannel(2);
            c.send(2, new BasicQos(0, 1, false));
            c.expect(2, BasicQosOk.class);
            c.send(2, consume("q", "c2", false));
            c.expect(2, BasicConsumeOk.class);
            c.send(1, new ChannelClose(200, "bye", 0, 0));
            c.expect(1, ChannelCloseOk.class);
            BasicDeliver redelivered = expectDelivery(c, 2, 0);
            assertThat(redelivered.redelivered()).isTrue();
            assertThat(redelivered.consumerTag()).isEqualTo("c2");
            assertThat(c.isQuiet()).isTrue();
        }
    }

    @Test
    void connectionLossRequeuesUnackedMessagesAndDeletesExclusiveQueues() {
        TestConnection c = openWithQueue("q", 1);
        c.send(1, new QueueDeclare(0, "mine", false, false, true, false, false, FieldTable.EMPTY));
        c.expect(1, QueueDeclareOk.class);
        c.send(1, consume("q", "c1", false));
        c.expect(1, BasicConsumeOk.class);
        expectDelivery(c, 1, 0);
        assertThat(queue("q").unackedCount()).isEqualTo(1);
        c.server.close();
        assertThat(queue("q").messageCount()).isEqualTo(1);
        assertThat(queue("q").consumerCount()).isZero();
        assertThat(queue("mine")).isNull();
        assertThat(c.registry).isEmpty();
        c.close();
    }

    @Test
    void nackWithRequeueRedeliversAndRejectWithoutRequeueDrops() {
        try (TestConnection c = openWithQueue("q", 1)) {
            c.send(1, consume("q", "c1", false));
            c.expect(1, BasicConsumeOk.class);
            BasicDeliver first = expectDelivery(c, 1, 0);
            c.send(1, new BasicNack(first.deliveryTag(), false, true));
            BasicDeliver again = expectDelivery(c, 1, 0);
            assertThat(again.redelivered()).isTrue();
            assertThat(again.deliveryTag()).isEqualTo(2);
            c.send(1, new BasicReject(again.deliveryTag(), false));
            assertThat(c.isQuiet()).isTrue();
            assertThat(queue("q").messageCount()).isZero();
            assertThat(queue("q").unackedCount()).isZero();
        }
    }

    @Test
    void basicGetReportsTheMessagesLeftAndGetEmptyWhenNone() {
        try (TestConnection c = openWithQueue("q", 2)) {
            c.send(1, new BasicGet(0, "q", false));
            BasicGetOk ok = c.expect(1, BasicGetOk.class);
            assertThat(ok.messageCount()).isEqualTo(1);
            assertThat(ok.deliveryTag()).isEqualTo(1);
            assertThat(c.expectContent(1)).containsExactly(0);
            c.send(1, new BasicGet(0, "", true));
            assertThat(c.expect(1, BasicGetOk.class).messageCount()).isZero();
            c.expectContent(1);
            c.send(1, new BasicGet(0, "q", true));
            c.expect(1, BasicGetEmpty.class);
            c.send(1, new BasicAck(1, false));
            assertThat(c.isQuiet()).isTrue();
            assertThat(queue("q").unackedCount()).isZero();
        }
    }

    @Test
    void cancelOkComesAfterTheLastDeliveryOfThatConsumer() {
        try (TestConnection c = openWithQueue("q", 1)) {
            c.send(1, consume("q", "c1", true));
            c.send(1, new BasicCancel("c1", false));
            c.expect(1, BasicConsumeOk.class);
            expectDelivery(c, 1, 0);
            assertThat(c.expect(1, BasicCancelOk.class).consumerTag()).isEqualTo("c1");
            assertThat(queue("q").consumerCount()).isZero();
        }
    }

    @Test
    void deletingTheQueueCancelsItsConsumersWithBasicCancel() {
        try (TestConnection c = openWithQueue("q", 0)) {
            c.send(1, consume("q", "c1", false));
            c.expect(1, BasicConsumeOk.class);
            c.openChannel(2);
            c.send(2, new QueueDelete(0, "q", false, false, false));
            c.expect(2, QueueDeleteOk.class); // the two channels' replies are not ordered; here the cancel follows
            BasicCancel cancel = c.expect(1, BasicCancel.class);
            assertThat(cancel.consumerTag()).isEqualTo("c1");
            assertThat(cancel.noWait()).isTrue();
        }
    }

    @Test
    void serverShutdownClosesWith320AndRequeues() {
        try (TestConnection c = openWithQueue("q", 1)) {
            c.send(1, consume("q", "c1", false));
            c.expect(1, BasicConsumeOk.class);
            expectDelivery(c, 1, 0);
            ConnectionHandler handler = c.registry.iterator().next();
            handler.forceClose("shutdown");
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(320);
            assertThat(close.replyText())
                    .isEqualTo("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'");
            assertThat(queue("q").messageCount()).isEqualTo(1);
            c.advanceSeconds(5);
            assertThat(c.isOpen()).isFalse();
        }
    }
}
