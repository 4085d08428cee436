package dev.spool.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.it.support.ConnectionCloseFrame;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.ProtocolErrors.CloseIds;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RunningBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many channels on one connection, and channel-max enforced on both sides. */
class ChannelLimitsTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void fiveHundredChannelsCanBeOpenAtOnceAndEachWorks() throws Exception {
        Connection connection = broker.newConnection();
        String queue = broker.uniqueName("many");
        RunningBroker.openChannel(connection).queueDeclare(queue, false, false, false, null);
        List<Channel> channels = new ArrayList<>();

        for (int i = 0; i < 500; i++) {
            channels.add(RunningBroker.openChannel(connection));
        }
        for (Channel channel : channels) {
            channel.basicPublish("", queue, null, new byte[] {1});
        }
        for (Channel channel : channels) {
            channel.queueDeclarePassive(queue); // a round trip on every channel: all are alive
        }

        assertThat(channels).allMatch(Channel::isOpen);
        assertThat(broker.existingQueue(queue).messageCount()).isEqualTo(500);
    }

    @Test
    void closedChannelNumbersCanBeReused() throws Exception {
        Connection connection = broker.newConnection();

        for (int i = 0; i < 20; i++) {
            Channel channel = connection.createChannel(7);
            assertThat(channel).isNotNull();
            channel.queueDeclare();
            channel.close();
        }
    }

    @Test
    void clientGetsNoChannelAboveTheNegotiatedChannelMax() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedChannelMax(10);
        Connection connection = broker.newConnection(factory);

        for (int i = 0; i < 10; i++) {
            RunningBroker.openChannel(connection);
        }

        assertThat(connection.getChannelMax()).isEqualTo(10);
        assertThat(createChannelOrNull(connection)).as("an eleventh channel").isNull();
    }

    /** RabbitMQ counts open channels against channel-max; one more is a connection error 530 NOT_ALLOWED. */
    @Test
    void openingMoreChannelsThanChannelMaxClosesConnectionWith530() throws Exception {
        try (RawConnection raw = RawConnection.open(broker.port(), 2, 131_072, 0)) {
            raw.openChannel(1);
            raw.openChannel(2);

            raw.sendMethod(3, MethodPayload.of(20, 10).shortStr(""));
            ConnectionCloseFrame close = raw.awaitConnectionClose();

            // RabbitMQ refuses before a channel exists to run channel.open on: class and method are 0.
            assertThat(close.ids()).isEqualTo(new CloseIds(530, 0, 0));
        }
    }

    private static Channel createChannelOrNull(Connection connection) {
        try {
            return connection.createChannel();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
