package dev.spool.codec.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.Hex;
import dev.spool.codec.LeakCheck;
import dev.spool.codec.method.ChannelOpen;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class MethodFrameEncoderTest {

    @Test
    void methodFramesWrittenToThePipelineAreEncoded() {
        EmbeddedChannel channel = new EmbeddedChannel(MethodFrameEncoder.INSTANCE);
        channel.writeOutbound(new MethodFrame(1, new ChannelOpen("")));
        ByteBuf written = channel.readOutbound();
        assertThat(Hex.of(written)).isEqualTo(Hex.normal("01 0001 00000005 0014 000a 00 ce"));
        written.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void buffersPassThroughUntouched() {
        EmbeddedChannel channel = new EmbeddedChannel(MethodFrameEncoder.INSTANCE);
        channel.writeOutbound(Frames.heartbeat());
        ByteBuf written = channel.readOutbound();
        assertThat(Hex.of(written)).isEqualTo(Hex.normal("08 0000 00000000 ce"));
        written.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void oneInstanceServesEveryConnection() {
        EmbeddedChannel first = new EmbeddedChannel(MethodFrameEncoder.INSTANCE);
        EmbeddedChannel second = new EmbeddedChannel(MethodFrameEncoder.INSTANCE);
        assertThat(MethodFrameEncoder.INSTANCE.isSharable()).isTrue();
        assertThat(first.finish()).isFalse();
        assertThat(second.finish()).isFalse();
    }
}
