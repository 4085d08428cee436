package dev.spool.it.security;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.engine.limits.Limits;
import dev.spool.engine.limits.UserLimits;
import dev.spool.engine.limits.VhostLimits;
import dev.spool.it.support.ConnectionCloseFrame;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.ProtocolErrors;
import dev.spool.it.support.ProtocolErrors.CloseIds;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RunningBroker;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits RabbitMQ sets with {@code set_vhost_limits} and {@code set_user_limits}, set here through the engine's
 * API (as management will) and hit by real clients: each refusal has RabbitMQ's code and text, and a connection or
 * channel that closes gives its place back.
 */
class LimitsTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @BeforeAll
    static void userApp() {
        broker.server().broker().users().put("app", "app-secret", Set.of());
        broker.server().broker().users().setPermission("app", "/", dev.spool.engine.auth.Permission.ALL);
    }

    @AfterEach
    void clearLimits() {
        limits().clearVhostLimits("/");
        limits().clearUserLimits("app");
    }

    @Test
    void vhostConnectionLimitRefusesConnectionOpenWith530AndFreesThePlaceOnClose() throws Exception {
        limits().setVhostLimits("/", VhostLimits.NONE.withMaxConnections(limits().connections("/") + 1));
        Connection last = broker.newConnection();

        AMQP.Connection.Close close = refusal(broker.connectionFactory());
        assertThat(close.getReplyCode()).isEqualTo(530);
        assertThat(close.getReplyText()).matches("NOT_ALLOWED - access to vhost '/' refused for user 'guest':"
                + " connection limit \\(\\d+\\) is reached");
        assertThat(close.getClassId() << 16 | close.getMethodId()).isEqualTo(10 << 16 | 40);

        last.close();
        assertThat(broker.newConnection().isOpen()).isTrue();
    }

    @Test
    void userConnectionLimitRefusesTheThirdConnection() throws Exception {
        limits().setUserLimits("app", UserLimits.NONE.withMaxConnections(2));
        broker.newConnection(asApp());
        broker.newConnection(asApp());

        assertThat(refusal(asApp()).getReplyText())
                .isEqualTo("NOT_ALLOWED - connection refused for user 'app': user connection limit (2) is reached");
        assertThat(broker.newConnection().isOpen()).as("other users are not limited").isTrue();
    }

    @Test
    void userChannelLimitCountsAllConnectionsAndClosesTheConnectionWith530() throws Exception {
        limits().setUserLimits("app", UserLimits.NONE.withMaxChannels(3));
        Connection first = broker.newConnection(asApp());
        RunningBroker.openChannel(first);
        RunningBroker.openChannel(first);
        Connection second = broker.newConnection(asApp());
        Channel third = RunningBroker.openChannel(second);
        third.close();
        RunningBroker.openChannel(second);

        AMQP.Connection.Close close = ProtocolErrors.assertConnectionError(second::createChannel, 530, 0, 0);
        assertThat(close.getReplyText()).isEqualTo("NOT_ALLOWED - number of channels opened for user 'app' has"
                + " reached the maximum allowed user limit of 3");
        assertThat(limits().userChannels("app")).isEqualTo(2);
    }

    @Test
    void vhostQueueLimitRefusesNewQueuesButNotRedeclarations() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueDeclare("limited-existing", false, false, true, null);
        int queues = broker.server().broker().vhost("/").queues().size();
        limits().setVhostLimits("/", VhostLimits.NONE.withMaxQueues(queues));

        channel.queueDeclare("limited-existing", false, false, true, null);
        AMQP.Channel.Close close = assertChannelError(
                () -> channel.queueDeclare("limited-new", false, false, true, null), 406, 50, 10);

        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - cannot declare queue 'limited-new': queue"
                + " limit in vhost '/' (" + queues + ") is reached");
    }

    @Test
    void channelMaxAboveTheOfferIsRefusedAtTuneOk() throws Exception {
        try (RawConnection raw = RawConnection.connect(broker.port())) {
            raw.write(RawConnection.PROTOCOL_HEADER);
            raw.startOk("guest", "guest");
            raw.expectMethod(10, 30);
            raw.tuneOk(65535, 131072, 0);
            raw.sendMethod(0, MethodPayload.of(10, 40).shortStr("/").shortStr("").octet(0));

            ConnectionCloseFrame close = raw.awaitConnectionClose();
            assertThat(close.ids()).isEqualTo(new CloseIds(530, 10, 30));
            assertThat(close.replyText()).isEqualTo("NOT_ALLOWED - negotiated channel_max = 65535 is higher than"
                    + " the maximum allowed value (2047)");
        }
    }

    private static AMQP.Connection.Close refusal(ConnectionFactory factory) {
        Throwable refused = catchThrowable(factory::newConnection);
        return (AMQP.Connection.Close) ProtocolErrors.shutdownSignalThrownBy(() -> {
            throw refused;
        }).getReason();
    }

    private static Limits limits() {
        return broker.server().broker().limits();
    }

    private static ConnectionFactory asApp() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername("app");
        factory.setPassword("app-secret");
        return factory;
    }
}
