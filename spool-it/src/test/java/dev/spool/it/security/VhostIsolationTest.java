package dev.spool.it.security;

import static dev.spool.it.support.ProtocolErrors.assertChannelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.engine.Broker;
import dev.spool.engine.auth.Permission;
import dev.spool.engine.limits.VhostLimits;
import dev.spool.it.support.ProtocolErrors;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Virtual hosts share nothing: the same names in two of them are two resources, messages never cross, permissions
 * in one give no access to the other, and limits count each on its own.
 */
class VhostIsolationTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @BeforeAll
    static void twoTenantsEachWithAVhostOfItsOwn() {
        Broker engine = broker.server().broker();
        for (String tenant : new String[] {"red", "blue"}) {
            engine.createVhost(tenant);
            engine.users().put(tenant, tenant + "-secret", Set.of());
            engine.users().setPermission(tenant, tenant, Permission.ALL);
        }
    }

    @Test
    void sameNamesInTwoVhostsAreTwoQueuesAndMessagesNeverCross() throws Exception {
        Channel red = channel("red");
        Channel blue = channel("blue");
        red.queueDeclare("orders", false, false, false, null);
        blue.queueDeclare("orders", false, false, false, null);

        red.basicPublish("", "orders", null, new byte[] {'r'});
        blue.basicPublish("", "orders", null, new byte[] {'b'});

        assertThat(red.basicGet("orders", true).getBody()).containsExactly('r');
        assertThat(red.basicGet("orders", true)).isNull();
        assertThat(blue.basicGet("orders", true).getBody()).containsExactly('b');
    }

    @Test
    void exchangesOfOneVhostAreUnknownInTheOther() throws Exception {
        channel("red").exchangeDeclare("red-only", "fanout", false, true, null);
        Channel blue = channel("blue");

        AMQP.Channel.Close close = assertChannelError(() -> blue.exchangeDeclarePassive("red-only"), 404, 40, 10);
        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no exchange 'red-only' in vhost 'blue'");
    }

    @Test
    void userWithPermissionsInOneVhostCannotOpenAnother() {
        ConnectionFactory factory = factory("red");
        factory.setVirtualHost("blue");

        Throwable refused = catchThrowable(factory::newConnection);

        ShutdownSignalException signal = findSignal(refused);
        AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
        assertThat(close.getReplyCode()).isEqualTo(530);
        assertThat(close.getReplyText()).isEqualTo("NOT_ALLOWED - access to vhost 'blue' refused for user 'red'");
    }

    @Test
    void guestHasNoPermissionsInANewVhost() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost("red");

        assertThat(findSignal(catchThrowable(factory::newConnection)).getReason())
                .isInstanceOf(AMQP.Connection.Close.class);
    }

    @Test
    void connectionLimitOfOneVhostDoesNotTouchTheOther() throws Exception {
        Broker engine = broker.server().broker();
        engine.limits().setVhostLimits("red", VhostLimits.NONE.withMaxConnections(0));
        try {
            ShutdownSignalException refused = findSignal(catchThrowable(factory("red")::newConnection));
            assertThat(((AMQP.Connection.Close) refused.getReason()).getReplyText())
                    .isEqualTo("NOT_ALLOWED - access to vhost 'red' refused for user 'red': connection limit (0) is"
                            + " reached");

            assertThat(channel("blue").isOpen()).isTrue();
        } finally {
            engine.limits().clearVhostLimits("red");
        }
    }

    private static Channel channel(String tenant) {
        return RunningBroker.openChannel(broker.newConnection(factory(tenant)));
    }

    private static ConnectionFactory factory(String tenant) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(tenant);
        factory.setPassword(tenant + "-secret");
        factory.setVirtualHost(tenant);
        return factory;
    }

    private static ShutdownSignalException findSignal(Throwable thrown) {
        assertThat(thrown).as("the broker should have refused the connection").isInstanceOf(IOException.class);
        return ProtocolErrors.shutdownSignalThrownBy(() -> {
            throw thrown;
        });
    }
}
