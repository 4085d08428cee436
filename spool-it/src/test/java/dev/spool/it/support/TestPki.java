package dev.spool.it.support;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made at test time (never committed): a CA, server and client certificates
 * signed by it, written as the PEM files an operator would give the broker, and client-side {@link SSLContext}s that
 * trust the CA (and present a client certificate for mutual TLS). EC P-256 keys, which are quick to make.
 *
 * <p>Not thread-safe; one test class builds and uses it on its own thread.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA with this common name. */
    public static TestPki create(String caName) throws GeneralSecurityException {
        KeyPair keys = ecKeys();
        X500Principal subject = new X500Principal("CN=" + caName);
        X509v3CertificateBuilder builder = builder(subject, subject, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new TestPki(keys, sign(builder, keys));
    }

    /** The CA certificate. */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** A server certificate for {@code localhost} and 127.0.0.1, with this subject common name. */
    public Issued server(String commonName) throws GeneralSecurityException {
        return issue("CN=" + commonName + ",O=Spool tests", KeyPurposeId.id_kp_serverAuth,
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    }

    /** A client certificate with this subject and subject alternative names. */
    public Issued client(String subject, GeneralName... alternativeNames) throws GeneralSecurityException {
        return issue(subject, KeyPurposeId.id_kp_clientAuth, alternativeNames);
    }

    private Issued issue(String subject, KeyPurposeId purpose, GeneralName... alternativeNames)
            throws GeneralSecurityException {
        KeyPair keys = ecKeys();
        X509v3CertificateBuilder builder = builder(ca.getSubjectX500Principal(), new X500Principal(subject), keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (alternativeNames.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
            }
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new Issued(keys, sign(builder, caKeys));
    }

    /** Writes the CA certificate as PEM. */
    public Path writeCa(Path file) throws IOException, GeneralSecurityException {
        return Files.writeString(file, pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** A client context trusting this CA, presenting no certificate. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        return clientContext(null);
    }

    /** A client context trusting this CA and presenting {@code certificate} (null for none), TLS 1.3/1.2. */
    public SSLContext clientContext(Issued certificate) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManager[] keyManagers = null;
        if (certificate != null) {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", certificate.keys().getPrivate(), password,
                    new X509Certificate[] {certificate.certificate(), ca});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            keyManagers = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trust.getTrustManagers(), RANDOM);
        return context;
    }

    /** A certificate this CA issued, with its key pair. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        /** Writes {@code name.crt} (the certificate) and {@code name.key} (PKCS#8) into {@code dir}. */
        public PemPair write(Path dir, String name) throws IOException, GeneralSecurityException {
            Path cert = Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", certificate.getEncoded()),
                    StandardCharsets.US_ASCII);
            Path key = Files.writeString(dir.resolve(name + ".key"),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            return new PemPair(cert, key);
        }

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    /** The two PEM files of a certificate and its key. */
    public record PemPair(Path cert, Path key) {
    }

    /** Writes a key pair's private key the way {@code openssl genrsa} did before OpenSSL 3 (PKCS#1 for RSA). */
    public static String traditionalPem(KeyPair keys) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(keys);
        }
        return out.toString();
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
