package dev.spool.it.tx;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.RunningBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactions (tx class): publishes and acks on a transactional channel take effect at tx.commit and are
 * discarded by tx.rollback; a channel is either transactional or in confirm mode, never both.
 */
class TransactionTest {
    private static final int TX = 90;
    private static final int CONFIRM = 85;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void publishesBecomeVisibleAtCommit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.txSelect();

        channel.basicPublish("", queue, null, new byte[] {1});
        channel.basicPublish("", queue, null, new byte[] {2});
        int beforeCommit = channel.queueDeclarePassive(queue).getMessageCount();
        channel.txCommit();

        assertThat(beforeCommit).isZero();
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(2);
        assertThat(channel.basicGet(queue, true).getBody()).containsExactly(1);
    }

    @Test
    void rollbackDiscardsUncommittedPublishes() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.txSelect();

        channel.basicPublish("", queue, null, new byte[] {1});
        channel.txRollback();
        channel.basicPublish("", queue, null, new byte[] {2});
        channel.txCommit();

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
        assertThat(channel.basicGet(queue, true).getBody()).containsExactly(2);
    }

    @Test
    void closingAChannelWithAnOpenTransactionDiscardsItsPublishes() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare(broker.uniqueName("tx"), false, false, false, null).getQueue();
        channel.txSelect();
        channel.basicPublish("", queue, null, new byte[] {1});

        channel.close();

        assertThat(broker.newChannel().queueDeclarePassive(queue).getMessageCount()).isZero();
    }

    @Test
    void acksInsideATransactionApplyOnlyAtCommit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});
        channel.basicPublish("", queue, null, new byte[] {2});
        GetResponse first = channel.basicGet(queue, false);
        GetResponse second = channel.basicGet(queue, false);
        Queue engineQueue = broker.existingQueue(queue);
        channel.txSelect();

        channel.basicAck(second.getEnvelope().getDeliveryTag(), true);
        channel.queueDeclarePassive(queue);
        int unackedBeforeCommit = engineQueue.unackedCount();
        channel.txCommit();

        assertThat(first).isNotNull();
        assertThat(unackedBeforeCommit).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> engineQueue.unackedCount() == 0);
        assertThat(engineQueue.messageCount()).isZero();
    }

    @Test
    void rolledBackAcksLeaveTheMessagesUnacked() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});
        GetResponse got = channel.basicGet(queue, false);
        channel.txSelect();

        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        channel.txRollback();
        channel.txCommit(); // an empty transaction: the rolled-back ack must not come back

        Queue engineQueue = broker.existingQueue(queue);
        assertThat(engineQueue.unackedCount()).isEqualTo(1);
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        channel.txCommit();
        await().atMost(Duration.ofSeconds(5)).until(() -> engineQueue.unackedCount() == 0);
    }

    @Test
    void rejectWithRequeueInsideATransactionAppliesAtCommit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {1});
        GetResponse got = channel.basicGet(queue, false);
        channel.txSelect();

        channel.basicReject(got.getEnvelope().getDeliveryTag(), true);
        int readyBeforeCommit = channel.queueDeclarePassive(queue).getMessageCount();
        channel.txCommit();

        assertThat(readyBeforeCommit).isZero();
        GetResponse again = channel.basicGet(queue, true);
        assertThat(again).isNotNull();
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void commitWithoutSelectClosesChannelWith406() {
        Channel channel = broker.newChannel();

        AMQP.Channel.Close close = assertChannelError(channel::txCommit, 406, TX, 20);

        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - channel is not transactional");
    }

    @Test
    void rollbackWithoutSelectClosesChannelWith406() {
        Channel channel = broker.newChannel();

        assertChannelError(channel::txRollback, 406, TX, 30);
    }

    @Test
    void txSelectOnAConfirmChannelClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        channel.confirmSelect();

        AMQP.Channel.Close close = assertChannelError(channel::txSelect, 406, TX, 10);

        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - cannot switch from confirm to tx mode");
    }

    @Test
    void confirmSelectOnATransactionalChannelClosesChannelWith406() throws Exception {
        Channel channel = broker.newChannel();
        channel.txSelect();

        AMQP.Channel.Close close = assertChannelError(channel::confirmSelect, 406, CONFIRM, 10);

        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - cannot switch from tx to confirm mode");
    }

    @Test
    void selectingTwiceIsHarmless() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();

        channel.txSelect();
        channel.txSelect();
        channel.basicPublish("", queue, null, new byte[] {1});
        channel.txCommit();

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    }
}
