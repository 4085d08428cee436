package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.BasicReturn;
import dev.spool.codec.method.ConfirmSelect;
import dev.spool.codec.method.ConfirmSelectOk;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.codec.method.TxCommit;
import dev.spool.codec.method.TxCommitOk;
import dev.spool.codec.method.TxRollback;
import dev.spool.codec.method.TxRollbackOk;
import dev.spool.codec.method.TxSelect;
import dev.spool.codec.method.TxSelectOk;
import dev.spool.engine.Broker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class PublisherConfirmsTest {
    private final Broker broker = TestConnection.broker();

    private TestConnection open() {
        TestConnection c = TestConnection.open(broker, AmqpSettings.defaults());
        c.openChannel(1);
        c.send(1, new QueueDeclare(0, "q", false, false, false, false, false, FieldTable.EMPTY));
        c.expect(1, QueueDeclareOk.class);
        return c;
    }

    private static ByteBuf publish(String routingKey, boolean mandatory) {
        return TestConnection.publishFrames(1, new BasicPublish(0, "", routingKey, mandatory, false),
                BasicProperties.EMPTY, new byte[] {1}, 131072);
    }

    @Test
    void publishesReadTogetherAreConfirmedByOneMultipleAck() {
        try (TestConnection c = open()) {
            c.send(1, new ConfirmSelect(false));
            c.expect(1, ConfirmSelectOk.class);
            ByteBuf batch = Unpooled.buffer();
            for (int i = 0; i < 3; i++) {
                batch.writeBytes(publish("q", false));
            }
            c.sendBytes(batch);
            assertThat(c.expect(1, BasicAck.class)).isEqualTo(new BasicAck(3, true));
            c.sendBytes(publish("q", false));
            assertThat(c.expect(1, BasicAck.class)).isEqualTo(new BasicAck(4, false));
        }
    }

    @Test
    void unroutableMandatoryMessageIsReturnedBeforeItIsConfirmed() {
        try (TestConnection c = open()) {
            c.send(1, new ConfirmSelect(false));
            c.expect(1, ConfirmSelectOk.class);
            c.sendBytes(publish("nowhere", true));
            BasicReturn returned = c.expect(1, BasicReturn.class);
            assertThat(returned.replyCode()).isEqualTo(312);
            assertThat(returned.replyText()).isEqualTo("NO_ROUTE");
            assertThat(returned.routingKey()).isEqualTo("nowhere");
            assertThat(c.expectContent(1)).containsExactly(1);
            assertThat(c.expect(1, BasicAck.class).deliveryTag()).isEqualTo(1);
        }
    }

    @Test
    void unroutableMessageWithoutMandatoryIsDroppedAndConfirmed() {
        try (TestConnection c = open()) {
            c.send(1, new ConfirmSelect(false));
            c.expect(1, ConfirmSelectOk.class);
            c.sendBytes(publish("nowhere", false));
            assertThat(c.expect(1, BasicAck.class).deliveryTag()).isEqualTo(1);
        }
    }

    @Test
    void transactionHoldsPublishesUntilCommitAndRollbackDropsThem() {
        try (TestConnection c = open()) {
            c.send(1, new TxSelect());
            c.expect(1, TxSelectOk.class);
            c.sendBytes(publish("q", false));
            assertThat(broker.vhost("/").findQueue("q").messageCount()).isZero();
            c.send(1, new TxCommit());
            c.expect(1, TxCommitOk.class);
            assertThat(broker.vhost("/").findQueue("q").messageCount()).isEqualTo(1);
            c.sendBytes(publish("q", false));
            c.send(1, new TxRollback());
            c.expect(1, TxRollbackOk.class);
            c.send(1, new TxCommit());
            c.expect(1, TxCommitOk.class);
            assertThat(broker.vhost("/").findQueue("q").messageCount()).isEqualTo(1);
        }
    }
}
