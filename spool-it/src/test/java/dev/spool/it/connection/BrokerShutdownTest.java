package dev.spool.it.connection;

import static dev.spool.it.support.ProtocolErrors.assertConnectionClosedBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import dev.spool.it.support.RunningBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stopping the broker tells every client why: connection.close 320 CONNECTION_FORCED. */
class BrokerShutdownTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void stoppingTheBrokerClosesEveryConnectionWith320() {
        Connection first = broker.newConnection();
        Connection second = broker.newConnection();
        RunningBroker.openChannel(second);

        broker.server().close();

        AMQP.Connection.Close close = assertConnectionClosedBy(first, 320, 0, 0);
        assertThat(close.getReplyText()).startsWith("CONNECTION_FORCED");
        assertConnectionClosedBy(second, 320, 0, 0);
    }
}
