package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.frame.Frames;
import dev.spool.codec.method.BasicGet;
import dev.spool.codec.method.BasicGetOk;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.ChannelClose;
import dev.spool.codec.method.ChannelCloseOk;
import dev.spool.codec.method.ConnectionClose;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.engine.Broker;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PublishAssemblyTest {
    private static final long FRAME_MAX = 4096;
    private final Broker broker = TestConnection.broker();

    private TestConnection openWithQueue(AmqpSettings settings) {
        TestConnection c = TestConnection.open(broker, settings);
        c.openChannel(1);
        c.send(1, new QueueDeclare(0, "q", false, false, false, false, false, FieldTable.EMPTY));
        c.expect(1, QueueDeclareOk.class);
        return c;
    }

    private Queue queue() {
        return broker.vhost("/").findQueue("q");
    }

    private static BasicPublish publishTo(String queue) {
        return new BasicPublish(0, "", queue, false, false);
    }

    @Test
    void publishSplitIntoManyBodyFramesAndFedInFragmentsArrivesWhole() {
        byte[] body = new byte[20_000];
        new Random(7).nextBytes(body);
        BasicProperties properties = BasicProperties.builder().contentType("application/octet-stream")
                .deliveryMode(2).priority(3).build();
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            c.sendInFragments(TestConnection.publishFrames(1, publishTo("q"), properties, body, FRAME_MAX), 333);
            assertThat(queue().messageCount()).isEqualTo(1);
            GetResult got = queue().get(true);
            Message message = got.message();
            assertThat(message.body()).isEqualTo(body);
            assertThat(message.persistent()).isTrue();
            assertThat(message.priority()).isEqualTo(3);
            assertThat(message.routingKey()).isEqualTo("q");
            ByteBuf encoded = Unpooled.buffer();
            properties.encode(encoded);
            assertThat(message.properties()).isEqualTo(ByteBufUtil.getBytes(encoded));
            assertThat(c.isQuiet()).isTrue();
        }
    }

    @Test
    void emptyBodyNeedsNoBodyFrame() {
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            c.sendBytes(TestConnection.publishFrames(1, publishTo("q"), BasicProperties.EMPTY, new byte[0], FRAME_MAX));
            assertThat(queue().get(true).message().bodySize()).isZero();
        }
    }

    @Test
    void bccHeaderRoutesButIsRemovedAndCcStays() {
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            c.send(1, new QueueDeclare(0, "cc", false, false, false, false, false, FieldTable.EMPTY));
            c.expect(1, QueueDeclareOk.class);
            c.send(1, new QueueDeclare(0, "bcc", false, false, false, false, false, FieldTable.EMPTY));
            c.expect(1, QueueDeclareOk.class);
            BasicProperties properties = BasicProperties.builder().headers(FieldTable.of(Map.of(
                    "CC", List.of("cc"), "BCC", List.of("bcc"), "other", "x"))).build();
            c.sendBytes(TestConnection.publishFrames(1, publishTo("q"), properties, new byte[] {1}, FRAME_MAX));
            for (String name : List.of("q", "cc", "bcc")) {
                Message message = broker.vhost("/").findQueue(name).get(true).message();
                FieldTable headers = BasicProperties.peekHeaders(Unpooled.wrappedBuffer(message.properties()));
                assertThat(headers.asMap()).containsOnlyKeys("CC", "other");
                assertThat(message.extraRoutingKeys()).containsExactly("cc", "bcc");
            }
        }
    }

    @Test
    void contentHeaderWithoutPublishClosesTheConnectionWith505() {
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            ByteBuf header = Unpooled.buffer();
            Frames.writeContentHeader(header, 1, 3, BasicProperties.EMPTY);
            c.sendBytes(header);
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(505);
            assertThat(close.replyText())
                    .isEqualTo("UNEXPECTED_FRAME - expected method frame, got non method frame instead");
            assertThat(TestConnection.failingMethod(close)).containsExactly(0, 0);
        }
    }

    @Test
    void methodInsteadOfTheContentHeaderClosesTheConnectionWith505() {
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            c.send(1, publishTo("q"));
            c.send(1, new BasicGet(0, "q", true));
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(505);
            assertThat(close.replyText()).isEqualTo(
                    "UNEXPECTED_FRAME - expected content header for class 60, got non content header frame instead");
            assertThat(TestConnection.failingMethod(close)).containsExactly(60, 40);
        }
    }

    @Test
    void methodBeforeTheBodyIsCompleteClosesTheConnectionWith505() {
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            ByteBuf frames = Unpooled.buffer();
            Frames.writeMethodFrame(frames, 1, publishTo("q"));
            Frames.writeContentHeader(frames, 1, 10, BasicProperties.EMPTY);
            Frames.writeContentBody(frames, 1, Unpooled.wrappedBuffer(new byte[4]), FRAME_MAX);
            Frames.writeMethodFrame(frames, 1, new BasicGet(0, "q", true));
            c.sendBytes(frames);
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(505);
            assertThat(close.replyText())
                    .isEqualTo("UNEXPECTED_FRAME - expected content body, got non content body frame instead");
        }
    }

    @Test
    void bodyLongerThanAnnouncedClosesTheConnectionWith505() {
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            ByteBuf frames = Unpooled.buffer();
            Frames.writeMethodFrame(frames, 1, publishTo("q"));
            Frames.writeContentHeader(frames, 1, 2, BasicProperties.EMPTY);
            Frames.writeContentBody(frames, 1, Unpooled.wrappedBuffer(new byte[5]), FRAME_MAX);
            c.sendBytes(frames);
            assertThat(c.expect(0, ConnectionClose.class).replyCode()).isEqualTo(505);
            assertThat(queue().messageCount()).isZero();
        }
    }

    @Test
    void messageLargerThanTheMaximumClosesTheChannelWith406AndItsBodyIsIgnored() {
        try (TestConnection c = openWithQueue(AmqpSettings.defaults().withMaxMessageSize(1000))) {
            c.sendBytes(TestConnection.publishFrames(1, publishTo("q"), BasicProperties.EMPTY, new byte[3000],
                    FRAME_MAX));
            ChannelClose close = c.expect(1, ChannelClose.class);
            assertThat(close.replyCode()).isEqualTo(406);
            assertThat(close.replyText())
                    .isEqualTo("PRECONDITION_FAILED - message size 3000 is larger than configured max size 1000");
            assertThat(TestConnection.failingMethod(close)).containsExactly(60, 40);
            c.send(1, new ChannelCloseOk());
            c.openChannel(1);
            c.sendBytes(TestConnection.publishFrames(1, publishTo("q"), BasicProperties.EMPTY, new byte[10],
                    FRAME_MAX));
            assertThat(queue().messageCount()).isEqualTo(1);
        }
    }

    @Test
    void deliveredContentIsSplitByTheNegotiatedFrameMax() {
        byte[] body = new byte[300_000];
        new Random(3).nextBytes(body);
        try (TestConnection c = openWithQueue(AmqpSettings.defaults())) {
            c.sendBytes(TestConnection.publishFrames(1, publishTo("q"), BasicProperties.EMPTY, body, 131072));
            c.send(1, new BasicGet(0, "q", true));
            c.expect(1, BasicGetOk.class);
            assertThat(c.expectContent(1)).isEqualTo(body);
        }
    }
}
