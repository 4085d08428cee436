package dev.spool.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The management API over HTTPS with tls.client_auth require: the HTTPS listener follows the same rule as AMQPS, so a
 * client without a certificate from the trusted CA gets no answer, and one with such a certificate is served (still
 * logging in with HTTP Basic, as with RabbitMQ's management plugin).
 */
class ManagementMutualTlsTest {
    private static final TlsFiles FILES = TlsFiles.create();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> FILES.apply(config, "require"));

    @AfterAll
    static void deleteFiles() throws IOException {
        FILES.delete();
    }

    @Test
    void clientWithoutACertificateIsRefused() throws Exception {
        Throwable refused = catchThrowable(() -> HttpsRequests.get(
                HttpsRequests.client(FILES.pki.clientContext()), overviewUrl()));

        assertThat(refused).isInstanceOf(IOException.class);
    }

    @Test
    void clientWithACertificateFromTheTrustedCaGetsTheOverview() throws Exception {
        HttpResponse<String> response = HttpsRequests.get(HttpsRequests.client(
                FILES.pki.clientContext(FILES.pki.client("CN=someone,O=Spool tests"))), overviewUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"rabbitmq_version\"");
    }

    private static String overviewUrl() {
        return "https://127.0.0.1:" + broker.server().httpsPort() + "/api/overview";
    }
}
