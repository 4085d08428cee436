package dev.spool.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RawFrame;
import dev.spool.it.support.RunningBroker;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * connection.tune / tune-ok: the broker offers its configured limits, the lower non-zero value of each side wins, and
 * the broker then keeps to what was agreed.
 */
class TuneNegotiationTest {
    private static final int SERVER_CHANNEL_MAX = 64;
    private static final int SERVER_FRAME_MAX = 65_536;
    private static final int SERVER_HEARTBEAT = 30;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> config
            .withChannelMax(SERVER_CHANNEL_MAX)
            .withFrameMax(SERVER_FRAME_MAX)
            .withHeartbeatSeconds(SERVER_HEARTBEAT));

    @Test
    void connectionTuneOffersTheConfiguredLimits() throws Exception {
        try (RawConnection raw = RawConnection.connect(broker.port())) {
            raw.write(RawConnection.PROTOCOL_HEADER);
            raw.startOk("guest", "guest");

            RawFrame tune = raw.expectMethod(10, 30);

            ByteBuffer args = tune.arguments();
            assertThat(args.getShort() & 0xffff).as("channel-max").isEqualTo(SERVER_CHANNEL_MAX);
            assertThat(args.getInt()).as("frame-max").isEqualTo(SERVER_FRAME_MAX);
            assertThat(args.getShort() & 0xffff).as("heartbeat").isEqualTo(SERVER_HEARTBEAT);
        }
    }

    @Test
    void clientsLowerValuesWin() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedChannelMax(10);
        factory.setRequestedFrameMax(16_384);
        factory.setRequestedHeartbeat(5);

        Connection connection = broker.newConnection(factory);

        assertThat(connection.getChannelMax()).isEqualTo(10);
        assertThat(connection.getFrameMax()).isEqualTo(16_384);
        assertThat(connection.getHeartbeat()).isEqualTo(5);
    }

    @Test
    void serversLowerValuesWinOverHigherRequests() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedChannelMax(1_000);
        factory.setRequestedFrameMax(1_048_576);
        factory.setRequestedHeartbeat(600);

        Connection connection = broker.newConnection(factory);

        assertThat(connection.getChannelMax()).isEqualTo(SERVER_CHANNEL_MAX);
        assertThat(connection.getFrameMax()).isEqualTo(SERVER_FRAME_MAX);
        assertThat(connection.getHeartbeat()).isEqualTo(SERVER_HEARTBEAT);
    }

    @Test
    void zeroMeansNoLimitSoTheServersValuesWin() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedChannelMax(0);
        factory.setRequestedFrameMax(0);
        factory.setRequestedHeartbeat(0);

        Connection connection = broker.newConnection(factory);

        assertThat(connection.getChannelMax()).isEqualTo(SERVER_CHANNEL_MAX);
        assertThat(connection.getFrameMax()).isEqualTo(SERVER_FRAME_MAX);
        assertThat(connection.getHeartbeat()).isEqualTo(SERVER_HEARTBEAT);
    }

    /**
     * The client library rejects any inbound frame larger than the frame-max it agreed to, so a broker that kept
     * its own 64 KiB frames would break this connection.
     */
    @Test
    void brokerSplitsDeliveriesIntoFramesNoLargerThanTheNegotiatedFrameMax() throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedFrameMax(4_096);
        Connection connection = broker.newConnection(factory);
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare(broker.uniqueName("frames"), false, false, false, null).getQueue();
        byte[] body = new byte[200_000];
        new Random(42).nextBytes(body);

        channel.basicPublish("", queue, null, body);
        GetResponse response = channel.basicGet(queue, true);

        assertThat(response).isNotNull();
        assertThat(Arrays.equals(response.getBody(), body)).as("body arrives intact").isTrue();
        assertThat(connection.isOpen()).isTrue();
    }
}
