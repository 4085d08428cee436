package dev.spool.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.codec.FieldTable;
import dev.spool.codec.frame.Frames;
import dev.spool.codec.method.ConnectionClose;
import dev.spool.codec.method.ConnectionCloseOk;
import dev.spool.codec.method.ConnectionOpen;
import dev.spool.codec.method.ConnectionOpenOk;
import dev.spool.codec.method.ConnectionStart;
import dev.spool.codec.method.ConnectionStartOk;
import dev.spool.codec.method.ConnectionTune;
import dev.spool.codec.method.ConnectionTuneOk;
import dev.spool.engine.Broker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private final Broker broker = TestConnection.broker();
    private final AmqpSettings settings = AmqpSettings.defaults();

    @Test
    void protocolHeaderIsAnsweredWithConnectionStartAsRabbitMqSendsIt() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            ConnectionStart start = c.expect(0, ConnectionStart.class);
            assertThat(start.versionMajor()).isZero();
            assertThat(start.versionMinor()).isEqualTo(9);
            assertThat(new String(start.mechanisms(), StandardCharsets.US_ASCII)).isEqualTo("PLAIN AMQPLAIN");
            assertThat(new String(start.locales(), StandardCharsets.US_ASCII)).isEqualTo("en_US");
            FieldTable properties = start.serverProperties();
            assertThat(properties.getString("product")).isEqualTo("Spool");
            assertThat(properties.getString("platform")).startsWith("Java ");
            assertThat(properties.asMap()).containsKeys("version", "copyright", "information", "cluster_name");
            FieldTable capabilities = (FieldTable) properties.get("capabilities");
            assertThat(capabilities.asMap()).containsOnlyKeys("publisher_confirms", "exchange_exchange_bindings",
                    "basic.nack", "consumer_cancel_notify", "connection.blocked", "consumer_priorities",
                    "authentication_failure_close", "per_consumer_qos", "direct_reply_to");
            assertThat(capabilities.asMap().values()).containsOnly(true);
        }
    }

    @Test
    void handshakeOffersTheSettingsAndOpensTheDefaultVhost() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            c.send(0, TestConnection.plainStartOk("guest", "guest"));
            ConnectionTune tune = c.expect(0, ConnectionTune.class);
            assertThat(tune).isEqualTo(new ConnectionTune(2047, 131072, 60));
            c.send(0, new ConnectionTuneOk(2047, 131072, 60));
            assertThat(c.isQuiet()).isTrue();
            c.send(0, new ConnectionOpen("/", "", false));
            c.expect(0, ConnectionOpenOk.class);
            assertThat(c.registry).hasSize(1);
        }
    }

    @Test
    void amqplainCredentialsAreAccepted() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            ByteBuf table = Unpooled.buffer();
            FieldTable.encode(table, FieldTable.of(Map.of("LOGIN", "guest", "PASSWORD", "guest")));
            table.skipBytes(4); // AMQPLAIN sends the table without its length
            c.send(0, new ConnectionStartOk(FieldTable.EMPTY, "AMQPLAIN", ByteBufUtil.getBytes(table), "en_US"));
            c.expect(0, ConnectionTune.class);
        }
    }

    @Test
    void wrongProtocolHeaderIsAnsweredWithTheSupportedOneAndClosed() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendBytes(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 8, 0}));
            ByteBuf reply = c.server.readOutbound();
            assertThat(ByteBufUtil.getBytes(reply)).isEqualTo(Frames.protocolHeaderBytes());
            reply.release();
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void badPasswordClosesWith403WhenTheClientAsksForAuthenticationFailureClose() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            c.send(0, TestConnection.plainStartOk("guest", "wrong"));
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(403);
            assertThat(close.replyText()).isEqualTo("ACCESS_REFUSED - Login was refused using authentication "
                    + "mechanism PLAIN. For details see the broker logfile.");
            assertThat(TestConnection.failingMethod(close)).containsExactly(0, 0);
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void badPasswordWithoutTheCapabilityJustClosesTheSocket() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            c.send(0, new ConnectionStartOk(FieldTable.EMPTY, "PLAIN",
                    "\0guest\0wrong".getBytes(StandardCharsets.UTF_8), "en_US"));
            assertThat(c.isQuiet()).isTrue();
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void guestFromAnotherHostIsRefusedAsRabbitMqRefusesIt() {
        try (TestConnection c = TestConnection.connectFromRemote(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            c.send(0, TestConnection.plainStartOk("guest", "guest"));
            assertThat(c.expect(0, ConnectionClose.class).replyCode()).isEqualTo(403);
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void unknownVhostClosesWith530() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.handshake("guest", "guest", "nowhere");
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(530);
            assertThat(close.replyText()).isEqualTo("NOT_ALLOWED - vhost nowhere not found");
            assertThat(TestConnection.failingMethod(close)).containsExactly(10, 40);
            c.send(0, new ConnectionCloseOk());
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void vhostWithoutPermissionsClosesWith530() {
        broker.createVhost("other");
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.handshake("guest", "guest", "other");
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(530);
            assertThat(close.replyText()).isEqualTo("NOT_ALLOWED - access to vhost 'other' refused for user 'guest'");
        }
    }

    @Test
    void clientFrameMaxBelow4096IsRefusedWith530() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            c.send(0, TestConnection.plainStartOk("guest", "guest"));
            c.expect(0, ConnectionTune.class);
            c.send(0, new ConnectionTuneOk(0, 1024, 0));
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyCode()).isEqualTo(530);
            assertThat(close.replyText())
                    .isEqualTo("NOT_ALLOWED - negotiated frame_max = 1024 is lower than the minimum allowed value (4096)");
            assertThat(TestConnection.failingMethod(close)).containsExactly(10, 30);
        }
    }

    @Test
    void tuneOkAskingForMoreThanTheOfferIsRefusedWith530() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            c.send(0, TestConnection.plainStartOk("guest", "guest"));
            c.expect(0, ConnectionTune.class);
            c.send(0, new ConnectionTuneOk(0, Integer.MAX_VALUE, 0));
            ConnectionClose close = c.expect(0, ConnectionClose.class);
            assertThat(close.replyText()).isEqualTo("NOT_ALLOWED - negotiated frame_max = 2147483647 is higher than "
                    + "the maximum allowed value (131072)");
            assertThat(TestConnection.failingMethod(close)).containsExactly(10, 30);
        }
    }

    @Test
    void unfinishedHandshakeIsClosedAfterTheTimeout() {
        try (TestConnection c = TestConnection.connect(broker, settings)) {
            c.sendProtocolHeader();
            c.expect(0, ConnectionStart.class);
            c.advanceSeconds(9);
            assertThat(c.isOpen()).isTrue();
            c.advanceSeconds(2);
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void clientCloseIsAnsweredWithCloseOk() {
        try (TestConnection c = TestConnection.open(broker, settings)) {
            c.send(0, new ConnectionClose(200, "bye", 0, 0));
            c.expect(0, ConnectionCloseOk.class);
            assertThat(c.isOpen()).isFalse();
            assertThat(c.registry).isEmpty();
        }
    }
}
