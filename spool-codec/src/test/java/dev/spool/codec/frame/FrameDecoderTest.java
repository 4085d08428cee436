package dev.spool.codec.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.Hex;
import dev.spool.codec.method.AmqpMethod;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.ConnectionTuneOk;
import dev.spool.codec.method.MethodSamples;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest extends FrameDecoderFixture {
    private static final byte[] BODY = "hello, amqp".getBytes(StandardCharsets.UTF_8);
    private static final BasicProperties PROPERTIES = BasicProperties.builder()
            .contentType("text/plain").deliveryMode(2).build();

    // ---- protocol header ----

    @Test
    void theProtocolHeaderIsAcceptedAndFramesFollowInTheSameBuffer() {
        feed(concat(Frames.protocolHeaderBytes(), heartbeat()));
        assertThat(channel.<Object>readInbound()).isSameAs(ProtocolHeaderAccepted.INSTANCE);
        assertThat(channel.<Object>readInbound()).isSameAs(HeartbeatFrame.INSTANCE);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void theProtocolHeaderFedOneByteAtATimeIsAccepted() {
        feedOneByteAtATime(Frames.protocolHeaderBytes());
        assertThat(channel.<Object>readInbound()).isSameAs(ProtocolHeaderAccepted.INSTANCE);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anOlderProtocolVersionIsRejectedAndLaterInputIgnored() {
        feed(Hex.bytes("414d5150 00000800"));
        assertThat(rejection().reason()).isEqualTo("unsupported protocol version 0-0-8-0");
        feed(heartbeat());
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void theZeroNineHeaderIsRejectedToo() {
        feed(Hex.bytes("414d5150 01010009"));
        assertThat(rejection().reason()).isEqualTo("unsupported protocol version 1-1-0-9");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anHttpRequestIsRejected() {
        feed("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(rejection().reason()).isEqualTo("HTTP request on the AMQP port");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aTlsClientHelloIsRejected() {
        feed(Hex.bytes("16030100a5010000a1"));
        assertThat(rejection().reason()).isEqualTo("TLS handshake on a plain AMQP port");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void garbageIsRejectedAtItsFirstWrongByteWithoutWaitingForEight() {
        feed(new byte[] {'X'});
        assertThat(rejection().reason()).isEqualTo("bad protocol header <<88>>");
        assertThat(channel.finish()).isFalse();
    }

    // ---- well-formed frames ----

    @Test
    void framesFedWholeAreDecoded() {
        accept();
        for (byte[] frame : publishFrames()) {
            feed(frame);
        }
        assertPublishDecoded();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void framesFedOneByteAtATimeAreDecoded() {
        accept();
        for (byte[] frame : publishFrames()) {
            feedOneByteAtATime(frame);
        }
        assertPublishDecoded();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void severalFramesInOneBufferAreDecoded() {
        accept();
        feed(concat(publishFrames().toArray(new byte[0][])));
        assertPublishDecoded();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void everyGeneratedMethodComesThroughTheFrameDecoder() {
        accept();
        List<AmqpMethod> methods = MethodSamples.all();
        ByteBuf frames = Unpooled.buffer();
        for (int i = 0; i < methods.size(); i++) {
            Frames.writeMethodFrame(frames, i, methods.get(i));
        }
        feed(ByteBufUtil.getBytes(frames));
        for (int i = 0; i < methods.size(); i++) {
            MethodFrame frame = channel.readInbound();
            assertThat(frame.channel()).isEqualTo(i);
            MethodSamples.assertSameComponents(frame.method(), methods.get(i));
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aContentHeaderKeepsTheRawPropertiesForDelivery() {
        accept();
        ByteBuf frame = Unpooled.buffer();
        Frames.writeContentHeader(frame, 3, 1L << 40, PROPERTIES);
        feed(ByteBufUtil.getBytes(frame));
        ContentHeaderFrame header = channel.readInbound();
        try {
            assertThat(header.channel()).isEqualTo(3);
            assertThat(header.classId()).isEqualTo(60);
            assertThat(header.bodySize()).isEqualTo(1L << 40);
            ByteBuf expected = Unpooled.buffer();
            PROPERTIES.encode(expected);
            assertThat(Hex.of(header.properties())).isEqualTo(Hex.of(expected));
            assertThat(BasicProperties.peekDeliveryMode(header.properties())).isEqualTo(2);
        } finally {
            header.release();
        }
        assertThat(header.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anEmptyBodyFrameIsAFrameToo() {
        accept();
        feed(frame(3, 1, ""));
        ContentBodyFrame body = channel.readInbound();
        assertThat(body.payload().readableBytes()).isZero();
        body.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aPayloadOfExactlyFrameMaxIsToleratedAsRabbitMqDoes() {
        accept();
        feed(frame(3, 1, "00".repeat(Frames.FRAME_MIN_SIZE)));
        ContentBodyFrame body = channel.readInbound();
        assertThat(body.payload().readableBytes()).isEqualTo(Frames.FRAME_MIN_SIZE);
        body.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aLargerFrameMaxAppliesOnceTuned() {
        accept();
        decoder.setMaxFrameSize(131_072);
        feed(frame(3, 1, "ab".repeat(100_000)));
        ContentBodyFrame body = channel.readInbound();
        assertThat(body.payload().readableBytes()).isEqualTo(100_000);
        body.release();
        assertThat(decoder.maxFrameSize()).isEqualTo(131_072);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void frameMaxBelowTheSpecMinimumIsRefused() {
        assertThatThrownBy(() -> decoder.setMaxFrameSize(4095)).isInstanceOf(IllegalArgumentException.class);
        decoder.setMaxFrameSize(0);
        assertThat(decoder.maxFrameSize()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void theClientSideDecoderExpectsNoProtocolHeader() {
        EmbeddedChannel client = new EmbeddedChannel(FrameDecoder.withoutProtocolHeader());
        ByteBuf frame = Unpooled.buffer();
        Frames.writeMethodFrame(frame, 0, new ConnectionTuneOk(2047, 131_072, 60));
        client.writeInbound(pooled(ByteBufUtil.getBytes(frame)));
        MethodFrame tuneOk = client.readInbound();
        assertThat(tuneOk.method()).isEqualTo(new ConnectionTuneOk(2047, 131_072, 60));
        assertThat(client.finish()).isFalse();
        assertThat(channel.finish()).isFalse();
    }

    // ---- helpers ----

    /** basic.publish on channel 1, its content header, the body in two frames, then a heartbeat. */
    private static List<byte[]> publishFrames() {
        List<byte[]> frames = new ArrayList<>();
        ByteBuf buf = Unpooled.buffer();
        Frames.writeMethodFrame(buf, 1, new BasicPublish(0, "amq.direct", "key", true, false));
        frames.add(ByteBufUtil.getBytes(buf));
        buf.clear();
        Frames.writeContentHeader(buf, 1, BODY.length, PROPERTIES);
        frames.add(ByteBufUtil.getBytes(buf));
        frames.add(frame(3, 1, ByteBufUtil.hexDump(BODY, 0, 6)));
        frames.add(frame(3, 1, ByteBufUtil.hexDump(BODY, 6, BODY.length - 6)));
        frames.add(heartbeat());
        return frames;
    }

    private void assertPublishDecoded() {
        MethodFrame publish = channel.readInbound();
        assertThat(publish).isEqualTo(new MethodFrame(1, new BasicPublish(0, "amq.direct", "key", true, false)));
        ContentHeaderFrame header = channel.readInbound();
        assertThat(header.bodySize()).isEqualTo(BODY.length);
        assertThat(BasicProperties.decode(header.properties().duplicate())).isEqualTo(PROPERTIES);
        header.release();
        ByteBuf body = Unpooled.buffer();
        for (int i = 0; i < 2; i++) {
            ContentBodyFrame piece = channel.readInbound();
            assertThat(piece.channel()).isEqualTo(1);
            body.writeBytes(piece.payload());
            piece.release();
        }
        assertThat(ByteBufUtil.getBytes(body)).isEqualTo(BODY);
        assertThat(channel.<Object>readInbound()).isSameAs(HeartbeatFrame.INSTANCE);
        assertThat(channel.<Object>readInbound()).isNull();
    }
}
