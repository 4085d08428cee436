package dev.spool.codec.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * Each kind of malformed input yields one {@link FrameError} with RabbitMQ's reply code, text and the ids of the
 * method at fault, after which the decoder ignores everything.
 */
class MalformedFrameTest extends FrameDecoderFixture {

    @Test
    void aWrongFrameEndIsAFrameErrorAndLaterInputIsIgnored() {
        accept();
        feed(Hex.bytes("08 0000 00000000 00"));
        FrameError error = frameError(501, 0, 0);
        assertThat(error.replyText())
                .isEqualTo("FRAME_ERROR - type 8, all octets = <<>>: {invalid_frame_end_marker,0}");
        feed(heartbeat());
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aWrongFrameEndShowsTheFirstSixteenOctets() {
        accept();
        feed(Hex.bytes("03 0001 00000014 000102030405060708090a0b0c0d0e0f10111213 ff"));
        assertThat(frameError(501, 0, 0).replyText()).isEqualTo("FRAME_ERROR - type 3, first 16 octets = "
                + "<<0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15>>: {invalid_frame_end_marker,255}");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFrameLargerThanFrameMaxIsAFrameErrorBeforeItsPayloadArrives() {
        accept();
        feed(Hex.bytes("01 0001 00001009"));
        assertThat(frameError(501, 0, 0).replyText())
                .isEqualTo("FRAME_ERROR - type 1, all octets = <<>>: {frame_too_large,4105,4088}");
        feed(new byte[4106]);
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFourGibibyteDeclaredSizeIsRefusedFromItsHeaderAlone() {
        accept();
        decoder.setMaxFrameSize(0); // even with no negotiated limit
        feed(Hex.bytes("03 0001 ffffffff"));
        assertThat(frameError(501, 0, 0).replyText()).contains("frame_too_large,4294967295");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anUnknownFrameTypeIsAFrameError() {
        accept();
        feed(frame(9, 0, "abcd"));
        assertThat(frameError(501, 0, 0).replyText())
                .isEqualTo("FRAME_ERROR - type 9, all octets = <<171,205>>: unknown_frame");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aHeartbeatOffChannelZeroIsAnUnexpectedFrame() {
        accept();
        feed(frame(8, 5, ""));
        assertThat(frameError(505, 0, 0).replyText()).isEqualTo("UNEXPECTED_FRAME - type 8, all octets = <<>>");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aHeartbeatWithAPayloadIsAFrameError() {
        accept();
        feed(frame(8, 0, "00"));
        assertThat(frameError(501, 0, 0).replyText()).endsWith("unknown_frame");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aContentHeaderOnChannelZeroIsAnUnexpectedFrame() {
        accept();
        feed(frame(2, 0, "003c 0000 0000000000000000 0000"));
        frameError(505, 0, 0);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aContentBodyOnChannelZeroIsAnUnexpectedFrame() {
        accept();
        feed(frame(3, 0, "61"));
        frameError(505, 0, 0);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aMethodFrameTooShortForItsIdsIsAFrameError() {
        accept();
        feed(frame(1, 0, "000a"));
        assertThat(frameError(501, 0, 0).replyText()).endsWith("unknown_frame");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void truncatedMethodArgumentsAreAFrameErrorNamingTheMethod() {
        accept();
        feed(frame(1, 1, "0032 000a 0000 01 71")); // queue.declare cut after its queue name
        assertThat(frameError(501, 50, 10).replyText()).startsWith("FRAME_ERROR - cannot decode method {50,10}");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aShortStringLongerThanTheFrameIsAFrameError() {
        accept();
        feed(frame(1, 1, "003c 0028 0000 c8 6162")); // basic.publish, exchange claims 200 octets
        assertThat(frameError(501, 60, 40).replyText()).contains("runs past");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void malformedUtf8InAShortStringIsAFrameError() {
        accept();
        feed(frame(1, 1, "003c 0028 0000 02 c328 00 00"));
        assertThat(frameError(501, 60, 40).replyText()).contains("UTF-8");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void octetsAfterTheArgumentsAreAFrameError() {
        accept();
        feed(frame(1, 1, "003c 0050 0000000000000001 00 ff")); // basic.ack plus one octet
        assertThat(frameError(501, 60, 80).replyText()).contains("after the arguments");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aBadFieldTableIsAFrameErrorNamingTheMethod() {
        accept();
        feed(frame(1, 1, "0032 000a 0000 01 71 00 00000003 01 61 5a")); // queue.declare, unknown type 'Z'
        assertThat(frameError(501, 50, 10).replyText()).contains("unknown field value type 'Z'");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aTableNestedTenThousandDeepIsAFrameErrorNotAStackOverflow() {
        accept();
        decoder.setMaxFrameSize(131_072);
        ByteBuf payload = Unpooled.buffer().writeShort(50).writeShort(10).writeShort(0).writeByte(0).writeByte(0);
        payload.writeBytes(nestedTables(10_000));
        feed(frame(1, 1, ByteBufUtil.hexDump(payload)));
        assertThat(frameError(501, 50, 10).replyText()).contains("nested deeper than 100");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anUnknownMethodIsNotImplementedWithItsIds() {
        accept();
        feed(frame(1, 1, "003c 03e7"));
        assertThat(frameError(540, 60, 999).replyText()).isEqualTo("NOT_IMPLEMENTED - unknown method {60,999}");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anUnknownClassIsNotImplementedWithItsIds() {
        accept();
        feed(frame(1, 1, "0063 000a 00"));
        frameError(540, 99, 10);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aContentHeaderWithANonZeroWeightIsAnUnexpectedFrame() {
        accept();
        feed(frame(2, 1, "003c 0001 0000000000000000 0000"));
        frameError(505, 0, 0);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aContentHeaderTooShortForItsFieldsIsAFrameError() {
        accept();
        feed(frame(2, 1, "003c 0000 00000000"));
        assertThat(frameError(501, 0, 0).replyText()).endsWith("unknown_frame");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void malformedBasicPropertiesAreAFrameError() {
        accept();
        feed(frame(2, 1, "003c 0000 0000000000000001 8000 05 61"));
        assertThat(frameError(501, 0, 0).replyText())
                .startsWith("FRAME_ERROR - cannot decode content header properties of class 60");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anErrorMidBufferDropsTheFramesAfterIt() {
        accept();
        feed(concat(heartbeat(), Hex.bytes("08 0000 00000000 00"), heartbeat()));
        assertThat(channel.<Object>readInbound()).isSameAs(HeartbeatFrame.INSTANCE);
        frameError(501, 0, 0);
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFrameCutOffByTheConnectionClosingEmitsNothing() {
        accept();
        feed(Hex.bytes("01 0000 0000000c 000a"));
        assertThat(channel.finish()).isFalse();
    }
}
