package dev.spool.it.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spool.it.support.RunningBroker;
import dev.spool.it.support.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The management API over HTTPS (tls.client_auth none) on http.tls_port, next to plain HTTP: a client trusting the
 * test CA gets /api/overview, only TLS 1.3 and 1.2 are spoken, and a reload of the certificate files (what SIGHUP
 * does) gives new HTTPS connections the new certificate while open ones carry on.
 */
class ManagementHttpsTest {
    private static final TlsFiles FILES = TlsFiles.create();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> FILES.apply(config, "none"));

    @AfterAll
    static void deleteFiles() throws IOException {
        FILES.delete();
    }

    @Test
    void overviewOverHttpsAnswersAClientTrustingTheTestCa() throws Exception {
        HttpResponse<String> response = HttpsRequests.get(HttpsRequests.client(FILES.pki.clientContext()),
                httpsUrl("/api/overview"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode overview = JSON.readTree(response.body());
        assertThat(overview.get("rabbitmq_version").asText()).isNotEmpty();
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void plainHttpPortKeepsServingNextToHttps() throws Exception {
        HttpResponse<String> response = HttpsRequests.get(HttpClient.newHttpClient(),
                broker.httpUrl() + "/api/overview");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(broker.server().httpsPort()).isNotEqualTo(broker.httpPort());
    }

    @Test
    void tls12IsStillAccepted() throws Exception {
        try (SSLSocket socket = (SSLSocket) FILES.pki.clientContext().getSocketFactory()
                .createSocket("127.0.0.1", broker.server().httpsPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void tls11ClientHelloIsAnsweredWithAProtocolVersionAlert() throws Exception {
        byte[] answer = HttpsRequests.answerToTls11ClientHello(broker.server().httpsPort());

        assertThat(answer).as("an alert record, not a ServerHello").hasSize(7);
        assertThat(answer[0]).as("content type alert").isEqualTo((byte) 0x15);
        assertThat(answer[5]).as("fatal").isEqualTo((byte) 2);
        assertThat(answer[6]).as("protocol_version").isEqualTo((byte) 70);
    }

    @Test
    void reloadGivesNewHttpsConnectionsTheNewCertificateWithoutDroppingOpenOnes() throws Exception {
        HttpClient open = HttpsRequests.client(FILES.pki.clientContext());
        HttpResponse<String> before = HttpsRequests.get(open, httpsUrl("/api/overview"));
        BigInteger oldSerial = HttpsRequests.serverCertificateSerial(before);
        TestPki.Issued renewed = FILES.pki.server("localhost");
        TestPki.PemPair files = renewed.write(FILES.dir, "renewed");

        Files.move(files.cert(), FILES.serverPem.cert(), StandardCopyOption.REPLACE_EXISTING);
        Files.move(files.key(), FILES.serverPem.key(), StandardCopyOption.REPLACE_EXISTING);
        broker.server().reloadTls();

        HttpResponse<String> fresh = HttpsRequests.get(HttpsRequests.client(FILES.pki.clientContext()),
                httpsUrl("/api/overview"));
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(HttpsRequests.serverCertificateSerial(fresh)).isEqualTo(renewed.serial())
                .isNotEqualTo(oldSerial);
        HttpResponse<String> again = HttpsRequests.get(open, httpsUrl("/api/whoami"));
        assertThat(again.statusCode()).as("the connection opened before the reload").isEqualTo(200);
        assertThat(HttpsRequests.serverCertificateSerial(again)).isEqualTo(oldSerial);
    }

    private static String httpsUrl(String path) {
        return "https://127.0.0.1:" + broker.server().httpsPort() + path;
    }
}
