package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.frame.HeartbeatFrame;
import dev.spool.codec.method.ConnectionOpen;
import dev.spool.codec.method.ConnectionOpenOk;
import dev.spool.codec.method.ConnectionStart;
import dev.spool.codec.method.ConnectionTune;
import dev.spool.codec.method.ConnectionTuneOk;
import dev.spool.codec.frame.Frames;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {

    private static TestConnection openWithHeartbeat(int seconds) {
        TestConnection c = TestConnection.connect(TestConnection.broker(), AmqpSettings.defaults());
        c.sendProtocolHeader();
        c.expect(0, ConnectionStart.class);
        c.send(0, TestConnection.plainStartOk("guest", "guest"));
        ConnectionTune tune = c.expect(0, ConnectionTune.class);
        c.send(0, new ConnectionTuneOk(tune.channelMax(), tune.frameMax(), seconds));
        c.send(0, new ConnectionOpen("/", "", false));
        c.expect(0, ConnectionOpenOk.class);
        return c;
    }

    @Test
    void idleConnectionGetsAHeartbeatEveryInterval() {
        try (TestConnection c = openWithHeartbeat(10)) {
            c.advanceSeconds(11);
            assertThat(c.next()).isEqualTo(HeartbeatFrame.INSTANCE);
            c.sendBytes(Unpooled.wrappedBuffer(new byte[] {8, 0, 0, 0, 0, 0, 0, (byte) Frames.FRAME_END}));
            c.advanceSeconds(10);
            assertThat(c.next()).isEqualTo(HeartbeatFrame.INSTANCE);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void connectionIsClosedWhenNothingArrivesForTwoIntervals() {
        try (TestConnection c = openWithHeartbeat(10)) {
            c.advanceSeconds(15);
            assertThat(c.isOpen()).isTrue();
            c.advanceSeconds(6);
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void aClientSendingHeartbeatsEveryIntervalStaysConnected() {
        try (TestConnection c = openWithHeartbeat(10)) {
            for (int i = 0; i < 6; i++) {
                c.advanceSeconds(10);
                c.sendBytes(Unpooled.wrappedBuffer(new byte[] {8, 0, 0, 0, 0, 0, 0, (byte) Frames.FRAME_END}));
            }
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void theServerStillSendsHeartbeatsToAClientThatKeepsSendingItsOwn() {
        try (TestConnection c = openWithHeartbeat(10)) {
            for (int i = 0; i < 4; i++) {
                c.advanceSeconds(3);
                c.sendBytes(Unpooled.wrappedBuffer(new byte[] {8, 0, 0, 0, 0, 0, 0, (byte) Frames.FRAME_END}));
            }
            assertThat(c.next()).isEqualTo(HeartbeatFrame.INSTANCE);
        }
    }

    @Test
    void heartbeatZeroFromTheClientMeansNoHeartbeats() {
        try (TestConnection c = openWithHeartbeat(0)) {
            c.advanceSeconds(600);
            assertThat(c.isQuiet()).isTrue();
            assertThat(c.isOpen()).isTrue();
        }
    }
}
