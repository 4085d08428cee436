package dev.spool.codec.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.Hex;
import dev.spool.codec.method.BasicPublish;
import dev.spool.codec.method.ChannelOpen;
import dev.spool.codec.method.ConnectionTune;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void theProtocolHeaderIsAmqpZeroZeroNineOne() {
        assertThat(Frames.protocolHeaderBytes()).containsExactly('A', 'M', 'Q', 'P', 0, 0, 9, 1);
        ByteBuf header = Frames.protocolHeader();
        assertThat(Hex.of(header)).isEqualTo("414d515000000901");
        header.release();
    }

    @Test
    void aHeartbeatIsTypeEightOnChannelZeroWithNoPayload() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeHeartbeat(out);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal("08 0000 00000000 ce"));
        ByteBuf shared = Frames.heartbeat();
        assertThat(Hex.of(shared)).isEqualTo(Hex.of(out));
        shared.release(); // shared and unreleasable: harmless, and the next one is intact
        assertThat(Hex.of(Frames.heartbeat())).isEqualTo(Hex.of(out));
    }

    @Test
    void aMethodFrameIsLaidOutAsTheSpecSays() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMethodFrame(out, 1, new ChannelOpen(""));
        assertThat(Hex.of(out)).isEqualTo(Hex.normal("01 0001 00000005 0014 000a 00 ce"));
        out.clear();
        Frames.writeMethodFrame(out, 0, new ConnectionTune(2047, 131_072, 60));
        assertThat(Hex.of(out)).isEqualTo(Hex.normal("01 0000 0000000c 000a 001e 07ff 00020000 003c ce"));
    }

    @Test
    void aMethodThatCannotBeEncodedLeavesTheBufferAsItWas() {
        ByteBuf out = Unpooled.buffer().writeByte(7);
        assertThatThrownBy(() -> Frames.writeMethodFrame(out, 1, new BasicPublish(0, "x".repeat(256), "", false,
                false))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Hex.of(out)).isEqualTo("07");
    }

    @Test
    void aContentHeaderWrapsRawPropertiesUnchanged() {
        ByteBuf raw = Hex.buffer("1000 02");
        ByteBuf out = Unpooled.buffer();
        Frames.writeContentHeader(out, 1, 60, 5, raw);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal("02 0001 0000000f 003c 0000 0000000000000005 1000 02 ce"));
        assertThat(raw.readerIndex()).isZero();
        ByteBuf encoded = Unpooled.buffer();
        Frames.writeContentHeader(encoded, 1, 5, BasicProperties.builder().deliveryMode(2).build());
        assertThat(Hex.of(encoded)).isEqualTo(Hex.of(out));
    }

    @Test
    void bodiesAreSplitIntoFramesOfAtMostFrameMaxMinusEight() {
        assertThat(bodyFrameSizes(0, 4096)).isEmpty();
        assertThat(bodyFrameSizes(1, 4096)).containsExactly(1);
        assertThat(bodyFrameSizes(4088, 4096)).containsExactly(4088);
        assertThat(bodyFrameSizes(4089, 4096)).containsExactly(4088, 1);
        assertThat(bodyFrameSizes(3 * 4088 + 5, 4096)).containsExactly(4088, 4088, 4088, 5);
        assertThat(bodyFrameSizes(100_000, 0)).containsExactly(100_000);
        assertThat(Frames.bodyFrameCount(3 * 4088 + 5, 4096)).isEqualTo(4);
        assertThat(Frames.bodyFrameCount(0, 4096)).isZero();
    }

    @Test
    void aFrameMaxWithNoRoomForAPayloadIsRefused() {
        assertThatThrownBy(() -> Frames.maxBodyPayload(8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Frames.maxBodyPayload(9)).isEqualTo(1);
        assertThat(Frames.maxBodyPayload(0)).isEqualTo(Frames.MAX_PAYLOAD);
    }

    @Test
    void channelsOutsideAShortAreRefused() {
        assertThatThrownBy(() -> new MethodFrame(65_536, new ChannelOpen(""))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeartbeatFrame(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Writes a body of {@code size} octets and reads back each frame's payload size, checking the bytes. */
    private static List<Integer> bodyFrameSizes(int size, long frameMax) {
        ByteBuf body = Unpooled.buffer(size);
        for (int i = 0; i < size; i++) {
            body.writeByte(i * 31);
        }
        ByteBuf out = Unpooled.buffer();
        Frames.writeContentBody(out, 7, body, frameMax);
        assertThat(body.readerIndex()).isZero();
        List<Integer> sizes = new ArrayList<>();
        ByteBuf reassembled = Unpooled.buffer(size);
        while (out.isReadable()) {
            assertThat(out.readUnsignedByte()).isEqualTo((short) Frames.FRAME_BODY);
            assertThat(out.readUnsignedShort()).isEqualTo(7);
            int length = out.readInt();
            sizes.add(length);
            out.readBytes(reassembled, length);
            assertThat(out.readUnsignedByte()).isEqualTo((short) Frames.FRAME_END);
        }
        assertThat(reassembled).isEqualTo(body);
        return sizes;
    }
}
