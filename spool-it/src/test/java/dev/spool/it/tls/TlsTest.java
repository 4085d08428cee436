package dev.spool.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RawConnection;
import dev.spool.it.support.RunningBroker;
import dev.spool.it.support.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AMQPS with a server certificate only (tls.client_auth none): RabbitMQ's Java client connects trusting the test CA,
 * only TLS 1.3 and 1.2 are spoken, a plain AMQP client on the TLS port is turned away without harm, and a reload of
 * the certificate files gives new connections the new certificate while open ones carry on.
 */
class TlsTest {
    private static final TlsFiles FILES = TlsFiles.create();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> FILES.apply(config, "none"));

    @AfterAll
    static void deleteFiles() throws IOException {
        FILES.delete();
    }

    @Test
    void clientTrustingTheCaConnectsOverTls13AndExchangesMessages() throws Exception {
        TlsSockets sockets = new TlsSockets();
        ConnectionFactory factory = broker.tlsConnectionFactory(FILES.pki.clientContext());
        factory.setSocketConfigurator(sockets);
        Channel channel = RunningBroker.openChannel(broker.newConnection(factory));

        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, new byte[] {4, 2});
        GetResponse response = channel.basicGet(queue, true);

        assertThat(response.getBody()).containsExactly(4, 2);
        assertThat(sockets.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void tls12IsStillAccepted() throws Exception {
        SSLContext context = FILES.pki.clientContext();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", broker.tlsPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void tls11IsRefused() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", broker.tlsPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});

            assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
        }
    }

    @Test
    void plainAmqpClientOnTheTlsPortIsDisconnectedAndTheBrokerCarriesOn() throws Exception {
        try (RawConnection plain = RawConnection.connect(broker.tlsPort())) {
            plain.write(RawConnection.PROTOCOL_HEADER);

            assertThat(plain.closedByBrokerWithin(Duration.ofSeconds(10))).isTrue();
        }
        Connection connection = broker.newConnection(broker.tlsConnectionFactory(FILES.pki.clientContext()));
        assertThat(connection.isOpen()).isTrue();
        assertThat(broker.newConnection().isOpen()).as("the plain listener too").isTrue();
    }

    @Test
    void reloadGivesNewConnectionsTheNewCertificateWithoutDroppingOpenOnes() throws Exception {
        TlsSockets before = new TlsSockets();
        ConnectionFactory factory = broker.tlsConnectionFactory(FILES.pki.clientContext());
        factory.setSocketConfigurator(before);
        Channel open = RunningBroker.openChannel(broker.newConnection(factory));
        String queue = open.queueDeclare().getQueue();
        TestPki.Issued renewed = FILES.pki.server("localhost");
        TestPki.PemPair files = renewed.write(FILES.dir, "renewed");

        Files.move(files.cert(), FILES.serverPem.cert(), StandardCopyOption.REPLACE_EXISTING);
        Files.move(files.key(), FILES.serverPem.key(), StandardCopyOption.REPLACE_EXISTING);
        broker.server().reloadTls();

        TlsSockets after = new TlsSockets();
        ConnectionFactory again = broker.tlsConnectionFactory(FILES.pki.clientContext());
        again.setSocketConfigurator(after);
        broker.newConnection(again);
        assertThat(after.serverCertificateSerial()).isEqualTo(renewed.serial())
                .isNotEqualTo(before.serverCertificateSerial());
        open.basicPublish("", queue, null, new byte[] {1});
        assertThat(open.basicGet(queue, true).getBody()).as("the connection opened before the reload")
                .containsExactly(1);
    }

    @Test
    void reloadOfABrokenKeyFileFailsAndKeepsTheCertificateInUse() throws Exception {
        var inUse = broker.server().tls().certificate();
        byte[] key = Files.readAllBytes(FILES.serverPem.key());
        Files.writeString(FILES.serverPem.key(), "not a key");
        try {
            assertThatThrownBy(() -> broker.server().reloadTls()).isInstanceOf(IOException.class)
                    .hasMessageContaining("no PEM private key");

            assertThat(broker.server().tls().certificate()).isSameAs(inUse);
            assertThat(broker.newConnection(broker.tlsConnectionFactory(FILES.pki.clientContext())).isOpen())
                    .isTrue();
        } finally {
            Files.write(FILES.serverPem.key(), key);
        }
    }
}
