package dev.spool.it.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Requests to the management API over HTTPS with the JDK's {@link HttpClient} (HTTP/1.1, as guest), the server
 * certificate a response came over, and a hand-made TLS 1.1 ClientHello for the refusal test (the JDK's own client
 * will not even offer TLS 1.1). Stateless; any test thread.
 */
final class HttpsRequests {
    private static final String GUEST = "Basic " + Base64.getEncoder().encodeToString(
            "guest:guest".getBytes(StandardCharsets.UTF_8));

    private HttpsRequests() {
    }

    /** A client with its own connection pool, doing TLS with {@code context}. */
    static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** GET {@code url} as guest. */
    static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", GUEST).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The serial of the certificate the server presented on the connection that carried {@code response}. */
    static BigInteger serverCertificateSerial(HttpResponse<?> response) throws SSLPeerUnverifiedException {
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }

    /**
     * Sends a ClientHello offering TLS 1.1 only (no supported_versions extension) and returns the first 7 bytes the
     * server answers with: a TLS alert record is {@code 0x15, major, minor, 0, 2, level, description}. Fewer bytes
     * when the server closes first.
     */
    static byte[] answerToTls11ClientHello(int port) throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(64);
        hello.put((byte) 0x03).put((byte) 0x02); // client_version TLS 1.1
        hello.put(new byte[32]); // random
        hello.put((byte) 0); // no session id
        hello.putShort((short) 4).putShort((short) 0xC013).putShort((short) 0x002F); // two TLS 1.1 cipher suites
        hello.put((byte) 1).put((byte) 0); // null compression
        hello.flip();
        int bodyLength = hello.remaining();
        ByteBuffer record = ByteBuffer.allocate(5 + 4 + bodyLength);
        record.put((byte) 0x16).put((byte) 0x03).put((byte) 0x01).putShort((short) (4 + bodyLength));
        record.put((byte) 0x01).put((byte) 0).putShort((short) bodyLength); // client_hello, 24-bit length
        record.put(hello);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(record.array());
            out.flush();
            InputStream in = socket.getInputStream();
            return in.readNBytes(7);
        }
    }
}
