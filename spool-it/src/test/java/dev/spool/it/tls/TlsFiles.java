package dev.spool.it.tls;

import dev.spool.it.support.TestPki;
import dev.spool.server.SpoolConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A test CA, a server certificate for localhost and the PEM files the broker reads, in a temporary directory made
 * when a test class loads (before its broker starts) and deleted by {@link #delete()}.
 *
 * <p>Not thread-safe; one test class uses it.
 */
final class TlsFiles {
    final Path dir;
    final TestPki pki;
    final TestPki.Issued server;
    final TestPki.PemPair serverPem;
    final Path caPem;

    private TlsFiles() throws IOException, GeneralSecurityException {
        dir = Files.createTempDirectory("spool-tls-");
        pki = TestPki.create("Spool Test CA");
        server = pki.server("localhost");
        serverPem = server.write(dir, "server");
        caPem = pki.writeCa(dir.resolve("ca.crt"));
    }

    static TlsFiles create() {
        try {
            return new TlsFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code config} with AMQPS and management HTTPS on free ports, these files, and clients asked for certificates
     * as given.
     */
    SpoolConfig apply(SpoolConfig config, String clientAuth) {
        return config.withSecurity(config.security().withTls(0, serverPem.cert(), serverPem.key(),
                "none".equals(clientAuth) ? null : caPem, clientAuth).withHttpsPort(0));
    }

    void delete() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
