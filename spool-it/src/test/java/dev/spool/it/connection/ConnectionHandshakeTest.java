package dev.spool.it.connection;

import static dev.spool.it.support.ProtocolErrors.shutdownSignalThrownBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.it.support.ConnectionCloseFrame;
import dev.spool.it.support.MethodPayload;
import dev.spool.it.support.ProtocolErrors.CloseIds;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opening and closing connections: server properties, authentication, vhosts, protocol headers, update-secret. */
class ConnectionHandshakeTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void serverPropertiesNameTheProductVersionAndPlatform() {
        Map<String, Object> properties = broker.newConnection().getServerProperties();

        assertThat(properties).containsKeys("product", "version", "platform", "capabilities");
        for (String key : new String[] {"product", "version", "platform"}) {
            assertThat(properties.get(key)).as(key).isInstanceOf(LongString.class);
            assertThat(properties.get(key).toString()).as(key).isNotBlank();
        }
    }

    @Test
    void serverAdvertisesTheCapabilitiesRabbitMqClientsLookFor() {
        Object capabilities = broker.newConnection().getServerProperties().get("capabilities");

        assertThat(capabilities).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("publisher_confirms", true)
                .containsEntry("exchange_exchange_bindings", true)
                .containsEntry("basic.nack", true)
                .containsEntry("consumer_cancel_notify", true)
                .containsEntry("connection.blocked", true)
                .containsEntry("consumer_priorities", true)
                .containsEntry("authentication_failure_close", true)
                .containsEntry("per_consumer_qos", true);
    }

    @Test
    void wrongPasswordFailsWithAuthenticationFailure() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setPassword("not-the-password");

        assertThatThrownBy(factory::newConnection)
                .isInstanceOf(AuthenticationFailureException.class)
                .hasMessageStartingWith("ACCESS_REFUSED");
    }

    @Test
    void unknownUserFailsWithAuthenticationFailure() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername("nobody");

        assertThatThrownBy(factory::newConnection).isInstanceOf(AuthenticationFailureException.class);
    }

    @Test
    void wrongPasswordIsRefusedWithConnectionClose403() throws IOException {
        try (RawConnection raw = RawConnection.connect(broker.port())) {
            raw.write(RawConnection.PROTOCOL_HEADER);
            raw.startOk("guest", "wrong");

            ConnectionCloseFrame close = raw.awaitConnectionClose();

            // RabbitMQ sends this close before it knows a method to blame: class and method are 0.
            assertThat(close.ids()).isEqualTo(new CloseIds(403, 0, 0));
            assertThat(close.replyText()).startsWith("ACCESS_REFUSED");
        }
    }

    @Test
    void unknownVirtualHostClosesConnectionWith530() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost("no-such-vhost");

        ShutdownSignalException signal = shutdownSignalThrownBy(factory::newConnection);

        assertThat(signal.isHardError()).isTrue();
        AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
        assertThat(new CloseIds(close.getReplyCode(), close.getClassId(), close.getMethodId()))
                .isEqualTo(new CloseIds(530, 10, 40));
        assertThat(close.getReplyText()).startsWith("NOT_ALLOWED");
    }

    @Test
    void otherProtocolVersionIsAnsweredWithTheSupportedHeaderThenClosed() throws IOException {
        try (RawConnection raw = RawConnection.connect(broker.port())) {
            raw.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 0});

            assertThat(raw.readUntilClosed(16)).containsExactly(RawConnection.PROTOCOL_HEADER);
            assertThat(raw.closedByBrokerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    /** A broker that speaks only 0-9-1 offers 0-9-1 (RabbitMQ 3.x did; 4.x offers AMQP 1.0 here instead). */
    @Test
    void nonAmqpHeaderIsAnsweredWithTheSupportedHeaderThenClosed() throws IOException {
        try (RawConnection raw = RawConnection.connect(broker.port())) {
            raw.write("NOT-AMQP at all".getBytes(StandardCharsets.US_ASCII));

            assertThat(raw.readUntilClosed(16)).containsExactly(RawConnection.PROTOCOL_HEADER);
            assertThat(raw.closedByBrokerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void tuneOkAskingForMoreThanTheServerOffersIsRefusedWith530() throws IOException {
        try (RawConnection raw = RawConnection.connect(broker.port())) {
            raw.write(RawConnection.PROTOCOL_HEADER);
            raw.startOk("guest", "guest");
            raw.expectMethod(10, 30);
            raw.tuneOk(0, Integer.MAX_VALUE, 0);

            ConnectionCloseFrame close = raw.awaitConnectionClose();

            assertThat(close.ids()).isEqualTo(new CloseIds(530, 10, 30));
        }
    }

    @Test
    void clientCloseIsAnsweredAndReleasesTheConnectionsConsumers() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare(broker.uniqueName("close"), false, false, false, null).getQueue();
        channel.basicConsume(queue, true, (tag, delivery) -> { }, tag -> { });
        assertThat(broker.existingQueue(queue).consumerCount()).isEqualTo(1);

        connection.close();

        assertThat(connection.isOpen()).isFalse();
        ShutdownSignalException reason = connection.getCloseReason();
        assertThat(reason.isInitiatedByApplication()).isTrue();
        assertThat(((AMQP.Connection.Close) reason.getReason()).getReplyCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).consumerCount() == 0);
    }

    /**
     * connection.update-secret, as a client refreshing an expiring token sends it. The client library no longer
     * exposes it as a method (it sends it from its credentials refresh service), so the raw client sends it.
     */
    @Test
    void updateSecretIsAnsweredWithUpdateSecretOkAndTheConnectionKeepsWorking() throws IOException {
        try (RawConnection raw = RawConnection.open(broker.port(), 16, 131_072, 0)) {
            raw.sendMethod(0, MethodPayload.of(10, 70)
                    .longStr("guest".getBytes(StandardCharsets.UTF_8))
                    .shortStr("credential rotation"));

            raw.expectMethod(10, 71);
            raw.openChannel(1);
            raw.sendMethod(1, MethodPayload.of(50, 10).shortUint(0).shortStr("").octet(0).emptyTable());
            assertThat(raw.expectMethod(50, 11).channel()).isEqualTo(1);
        }
    }

    @Test
    void manyConnectionsCanBeOpenAtOnce() {
        for (int i = 0; i < 50; i++) {
            broker.newConnection();
        }
        Connection last = broker.newConnection();

        assertThat(last.isOpen()).isTrue();
        assertThat(RunningBroker.openChannel(last).isOpen()).isTrue();
    }
}
