package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicConsume;
import dev.spool.codec.method.BasicConsumeOk;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.BasicQos;
import dev.spool.codec.method.BasicRecover;
import dev.spool.codec.method.ChannelClose;
import dev.spool.codec.method.ChannelCloseOk;
import dev.spool.codec.method.ChannelFlow;
import dev.spool.codec.method.ChannelFlowOk;
import dev.spool.codec.method.ChannelOpen;
import dev.spool.codec.method.ConfirmSelect;
import dev.spool.codec.method.ConfirmSelectOk;
import dev.spool.codec.method.ConnectionClose;
import dev.spool.codec.method.ConnectionOpen;
import dev.spool.codec.method.ExchangeDeclare;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.codec.method.TxCommit;
import dev.spool.codec.method.TxSelect;
import dev.spool.codec.method.TxSelectOk;
import dev.spool.engine.Broker;
import org.junit.jupiter.api.Test;

class ChannelErrorsTest {
    private final Broker broker = TestConnection.broker();

    private TestConnection openChannel() {
        TestConnection c = TestConnection.open(broker, AmqpSettings.defaults());
        c.openChannel(1);
        return c;
    }

    private static void assertChannelClose(TestConnection c, int code, String text, int classId, int methodId) {
        ChannelClose close = c.expect(1, ChannelClose.class);
        assertThat(close.replyCode()).isEqualTo(code);
        assertThat(close.replyText()).isEqualTo(text);
        assertThat(TestConnection.failingMethod(close)).containsExactly(classId, methodId);
    }

    private static void assertConnectionClose(TestConnection c, int code, String text, int classId, int methodId) {
        ConnectionClose close = c.expect(0, ConnectionClose.class);
        assertThat(close.replyCode()).isEqualTo(code);
        assertThat(close.replyText()).isEqualTo(text);
        assertThat(TestConnection.failingMethod(close)).containsExactly(classId, methodId);
    }

    private static QueueDeclare declare(String name, boolean passive) {
        return new QueueDeclare(0, name, passive, false, false, false, false, FieldTable.EMPTY);
    }

    @Test
    void unknownDeliveryTagClosesTheChannelWith406() {
        try (TestConnection c = openChannel()) {
            c.send(1, new BasicAck(7, false));
            assertChannelClose(c, 406, "PRECONDITION_FAILED - unknown delivery tag 7", 60, 80);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void afterChannelCloseOnlyCloseOkIsHeardThenTheNumberCanBeReused() {
        try (TestConnection c = openChannel()) {
            c.send(1, declare("missing", true));
            assertChannelClose(c, 404, "NOT_FOUND - no queue 'missing' in vhost '/'", 50, 10);
            c.send(1, declare("other", false));
            c.send(1, new BasicAck(1, false));
            assertThat(c.isQuiet()).isTrue();
            c.send(1, new ChannelCloseOk());
            c.openChannel(1);
            c.send(1, declare("other", false));
            c.expect(1, QueueDeclareOk.class);
        }
    }

    @Test
    void methodOnAChannelNeverOpenedClosesTheConnectionWith504() {
        try (TestConnection c = TestConnection.open(broker, AmqpSettings.defaults())) {
            c.send(3, declare("q", false));
            assertConnectionClose(c, 504, "CHANNEL_ERROR - expected 'channel.open'", 50, 10);
            assertThat(broker.vhost("/").findQueue("q")).isNull();
        }
    }

    @Test
    void secondChannelOpenClosesTheConnectionWith504() {
        try (TestConnection c = openChannel()) {
            c.send(1, new ChannelOpen(""));
            assertConnectionClose(c, 504, "CHANNEL_ERROR - second 'channel.open' seen", 20, 10);
        }
    }

    @Test
    void openingMoreChannelsThanChannelMaxClosesTheConnectionWith530() {
        AmqpSettings settings = new AmqpSettings("0.0.0.0", 0, 2, 131072, 0, 1, 1 << 20, 10);
        try (TestConnection c = TestConnection.open(broker, settings)) {
            c.openChannel(1);
            c.openChannel(5000);
            c.send(3, new ChannelOpen(""));
            assertConnectionClose(c, 530,
                    "NOT_ALLOWED - number of channels opened (2) has reached the negotiated channel_max (2)", 0, 0);
        }
    }

    @Test
    void flowActiveTrueIsAnsweredAndFalseIsNotImplementedAsInRabbitMq() {
        try (TestConnection c = openChannel()) {
            c.send(1, new ChannelFlow(true));
            assertThat(c.expect(1, ChannelFlowOk.class).active()).isTrue();
            c.send(1, new ChannelFlow(false));
            assertConnectionClose(c, 540, "NOT_IMPLEMENTED - active=false", 20, 20);
        }
    }

    @Test
    void channelMethodOnChannelZeroClosesTheConnectionWith504() {
        try (TestConnection c = TestConnection.open(broker, AmqpSettings.defaults())) {
            c.send(0, declare("q", false));
            assertConnectionClose(c, 504, "CHANNEL_ERROR - unexpected method in connection state running", 50, 10);
        }
    }

    @Test
    void connectionMethodOnAChannelClosesTheConnectionWith503() {
        try (TestConnection c = openChannel()) {
            c.send(1, new ConnectionOpen("/", "", false));
            assertConnectionClose(c, 503, "COMMAND_INVALID - unimplemented method", 10, 40);
        }
    }

    @Test
    void reusedConsumerTagClosesTheConnectionWith530() {
        try (TestConnection c = openChannel()) {
            c.send(1, declare("q", false));
            c.expect(1, QueueDeclareOk.class);
            c.send(1, new BasicConsume(0, "q", "tag", false, false, false, false, FieldTable.EMPTY));
            c.expect(1, BasicConsumeOk.class);
            c.send(1, new BasicConsume(0, "q", "tag", false, false, false, false, FieldTable.EMPTY));
            assertConnectionClose(c, 530, "NOT_ALLOWED - attempt to reuse consumer tag 'tag'", 60, 20);
        }
    }

    @Test
    void immediatePublishIsNotImplementedAsInRabbitMq3() {
        try (TestConnection c = openChannel()) {
            c.sendBytes(TestConnection.publishFrames(1, new BasicPublish(0, "", "q", false, true),
                    BasicProperties.EMPTY, new byte[1], 131072));
            assertConnectionClose(c, 540, "NOT_IMPLEMENTED - immediate=true", 60, 40);
        }
    }

    @Test
    void prefetchSizeIsNotImplemented() {
        try (TestConnection c = openChannel()) {
            c.send(1, new BasicQos(1000, 10, false));
            assertConnectionClose(c, 540, "NOT_IMPLEMENTED - prefetch_size!=0 (1000)", 60, 10);
        }
    }

    @Test
    void recoverWithoutRequeueIsNotImplemented() {
        try (TestConnection c = openChannel()) {
            c.send(1, new BasicRecover(false));
            assertConnectionClose(c, 540, "NOT_IMPLEMENTED - requeue=false", 60, 110);
        }
    }

    @Test
    void commitWithoutSelectIsRefused() {
        try (TestConnection c = openChannel()) {
            c.send(1, new TxCommit());
            assertChannelClose(c, 406, "PRECONDITION_FAILED - channel is not transactional", 90, 20);
        }
    }

    @Test
    void confirmModeAndTransactionsExcludeEachOther() {
        try (TestConnection c = openChannel()) {
            c.send(1, new TxSelect());
            c.expect(1, TxSelectOk.class);
            c.send(1, new ConfirmSelect(false));
            assertChannelClose(c, 406, "PRECONDITION_FAILED - cannot switch from tx to confirm mode", 85, 10);
            c.send(1, new ChannelCloseOk());
            c.openChannel(1);
            c.send(1, new ConfirmSelect(false));
            c.expect(1, ConfirmSelectOk.class);
            c.send(1, new TxSelect());
            assertChannelClose(c, 406, "PRECONDITION_FAILED - cannot switch from confirm to tx mode", 90, 10);
        }
    }

    @Test
    void unknownExchangeTypeIsCommandInvalid() {
        try (TestConnection c = openChannel()) {
            AmqpMethod declare = new ExchangeDeclare(0, "x", "nonsense", false, false, false, false, false,
                    FieldTable.EMPTY);
            c.send(1, declare);
            assertConnectionClose(c, 503, "COMMAND_INVALID - invalid exchange type 'nonsense'", 40, 10);
        }
    }

    @Test
    void emptyQueueNameWithoutAPreviousDeclareIsNotFound() {
        try (TestConnection c = openChannel()) {
            c.send(1, new BasicConsume(0, "", "", false, false, false, false, FieldTable.EMPTY));
            assertChannelClose(c, 404, "NOT_FOUND - no previously declared queue", 60, 20);
        }
    }

    @Test
    void serverClosesTheChannelButTheClientClosesToo() {
        try (TestConnection c = openChannel()) {
            c.send(1, new BasicAck(1, false));
            c.expect(1, ChannelClose.class);
            c.send(1, new ChannelClose(200, "", 0, 0));
            c.expect(1, ChannelCloseOk.class);
        }
    }
}
