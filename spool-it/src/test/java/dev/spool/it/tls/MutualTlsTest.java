package dev.spool.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import dev.spool.engine.auth.Permission;
import dev.spool.it.support.RunningBroker;
import dev.spool.it.support.TestPki;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mutual TLS (tls.client_auth require): a client without a certificate from the trusted CA cannot even finish the TLS
 * handshake, and SASL EXTERNAL logs a client in as the user its certificate's common name names, as RabbitMQ's
 * {@code rabbitmq_auth_mechanism_ssl} does.
 */
class MutualTlsTest {
    private static final TlsFiles FILES = TlsFiles.create();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> FILES.apply(config, "require"));

    @BeforeAll
    static void createUserNamedByTheCertificate() {
        broker.server().broker().users().add("app", "a-password-not-used-by-external", Set.of());
        broker.server().broker().users().setPermission("app", "/", Permission.ALL);
    }

    @AfterAll
    static void deleteFiles() throws IOException {
        FILES.delete();
    }

    @Test
    void externalLogsInAsTheCertificatesCommonName() throws Exception {
        ConnectionFactory factory = external(FILES.pki.client("CN=app,O=Spool tests"));

        Channel channel = RunningBroker.openChannel(broker.newConnection(factory));
        channel.queueDeclare("external-works", false, false, true, null);

        assertThat(broker.server().broker().limits().userConnections("app")).isEqualTo(1);
    }

    @Test
    void externalForACertificateNamingNoUserIsRefusedWith403() throws Exception {
        ConnectionFactory factory = external(FILES.pki.client("CN=nobody,O=Spool tests"));

        Throwable refused = catchThrowable(factory::newConnection);

        assertThat(refused).isInstanceOf(AuthenticationFailureException.class)
                .hasMessageContaining("ACCESS_REFUSED - Login was refused using authentication mechanism EXTERNAL");
    }

    @Test
    void passwordLoginStillWorksOverMutualTls() throws Exception {
        ConnectionFactory factory = broker.tlsConnectionFactory(
                FILES.pki.clientContext(FILES.pki.client("CN=someone,O=Spool tests")));

        assertThat(broker.newConnection(factory).isOpen()).isTrue();
    }

    @Test
    void clientWithoutACertificateFailsTheTlsHandshake() throws Exception {
        ConnectionFactory factory = broker.tlsConnectionFactory(FILES.pki.clientContext());

        assertThat(catchThrowable(factory::newConnection)).isInstanceOf(IOException.class);
        assertThat(broker.newConnection(external(FILES.pki.client("CN=app"))).isOpen())
                .as("the listener carries on").isTrue();
    }

    @Test
    void certificateFromAnotherCaIsRejected() throws Exception {
        TestPki other = TestPki.create("Someone else's CA");
        ConnectionFactory factory = broker.tlsConnectionFactory(mixedContext(other.client("CN=app")));
        factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);

        assertThat(catchThrowable(factory::newConnection)).isInstanceOf(IOException.class);
    }

    /** Trusts the test CA (for the server) but presents a client certificate issued by {@code other}'s CA. */
    private static javax.net.ssl.SSLContext mixedContext(TestPki.Issued foreign) throws Exception {
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("c", foreign.keys().getPrivate(), "x".toCharArray(),
                new java.security.cert.X509Certificate[] {foreign.certificate()});
        keys.init(store, "x".toCharArray());
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", FILES.pki.caCertificate());
        trust.init(trusted);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static ConnectionFactory external(TestPki.Issued certificate) throws Exception {
        ConnectionFactory factory = broker.tlsConnectionFactory(FILES.pki.clientContext(certificate));
        factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        return factory;
    }
}
