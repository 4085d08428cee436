package dev.spool.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.it.support.TestPki;
import dev.spool.server.tls.PemFiles;
import dev.spool.server.tls.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM forms OpenSSL writes, read as the broker reads its TLS files. */
class PemFilesTest {
    @TempDir
    Path dir;

    @Test
    void pkcs1RsaKeyAsOlderOpensslWritesItIsRead() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path file = Files.writeString(dir.resolve("rsa.key"), TestPki.traditionalPem(keys));
        assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        PrivateKey key = PemFiles.privateKey(file);

        assertThat(key.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void sec1EcKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        Path file = Files.writeString(dir.resolve("ec.key"), TestPki.traditionalPem(generator.generateKeyPair()));

        assertThatThrownBy(() -> PemFiles.privateKey(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void certificateChainIsReadInFileOrder() throws Exception {
        TestPki pki = TestPki.create("Chain CA");
        TestPki.PemPair server = pki.server("localhost").write(dir, "server");
        Path chain = dir.resolve("chain.crt");
        Files.writeString(chain, Files.readString(server.cert()) + Files.readString(pki.writeCa(dir.resolve("ca.crt"))));

        assertThat(PemFiles.certificates(chain)).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=localhost,O=Spool tests", "CN=Chain CA");
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsRefused() throws Exception {
        TestPki pki = TestPki.create("Mismatch CA");
        TestPki.PemPair one = pki.server("one").write(dir, "one");
        TestPki.PemPair two = pki.server("two").write(dir, "two");

        assertThatThrownBy(() -> ServerTls.load(one.cert(), two.key(), null)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds no key for the certificate");
    }

    @Test
    void fileWithoutACertificateIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.crt"), "nothing here\n");

        assertThatThrownBy(() -> PemFiles.certificates(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds no PEM certificate");
    }
}
