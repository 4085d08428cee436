package dev.spool.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RunningBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Idle half-open sockets cannot exhaust the broker: at most {@code limits.max_unauthenticated_connections} may sit in
 * their handshake at once (one more is closed at once), and each is closed when {@code amqp.handshake_timeout} runs
 * out, which frees its place. Clients that finished their handshake are not counted.
 */
class HandshakeDefencesTest {
    private static final int CAP = 5;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> config
            .withSecurity(config.security().withMaxUnauthenticatedConnections(CAP))
            .withHandshakeTimeoutSeconds(2));

    @Test
    void connectionsBeyondTheCapOfHandshakingOnesAreClosedAtOnceAndOthersCarryOn() throws Exception {
        List<RawConnection> idle = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                RawConnection connection = RawConnection.connect(broker.port());
                idle.add(connection);
                connection.write(RawConnection.PROTOCOL_HEADER);
                connection.expectMethod(10, 10); // connection.start: the broker holds its place; then silence
            }

            try (RawConnection oneTooMany = RawConnection.connect(broker.port())) {
                assertThat(oneTooMany.closedByBrokerWithin(Duration.ofSeconds(1))).isTrue();
            }
        } finally {
            for (RawConnection connection : idle) {
                connection.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(broker.newConnection().isOpen()).isTrue());
    }

    @Test
    void idleSocketIsClosedWhenTheHandshakeTimeoutRunsOutAndFreesItsPlace() throws Exception {
        List<RawConnection> idle = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            idle.add(RawConnection.connect(broker.port()));
        }
        for (RawConnection connection : idle) {
            assertThat(connection.closedByBrokerWithin(Duration.ofSeconds(5))).as("closed after 2 s").isTrue();
            connection.close();
        }

        assertThat(broker.newConnection().isOpen()).isTrue();
    }

    @Test
    void openConnectionsDoNotCountAgainstTheCap() throws Exception {
        for (int i = 0; i < 2 * CAP; i++) {
            assertThat(broker.newConnection().isOpen()).isTrue();
        }
    }
}
