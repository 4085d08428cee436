package dev.spool.server.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server side of TLS, built from PEM files: one JDK {@link SSLContext} for every listener that speaks TLS (the
 * AMQPS listener wraps it in Netty's {@code SslHandler}; the management API hands it to its HTTPS connector). Its key
 * and trust managers delegate to the material last loaded, so {@link #reload()} (on SIGHUP) swaps certificate, key
 * and CA in place: handshakes from then on use the new files, connections already open keep theirs and are not
 * dropped, and the listeners hold on to the same context.
 *
 * <p>The JDK's own TLS implementation (SunJSSE) is used. Which protocol versions are enabled is each listener's
 * business ({@link #PROTOCOLS}: TLS 1.3 and 1.2).
 *
 * <p>Thread-safe: {@link #reload()} may run on the signal thread while event loops run handshakes; a reload that fails
 * (a missing or malformed file) changes nothing.
 */
public final class ServerTls {
    /** The protocol versions Spool's listeners enable, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final char[] STORE_PASSWORD = "spool".toCharArray();

    private final Path certFile;
    private final Path keyFile;
    private final Path caFile;
    private final ReloadableKeyManager keyManager;
    private final ReloadableTrustManager trustManager;
    private final SSLContext context;
    private volatile X509Certificate certificate;

    private ServerTls(Path certFile, Path keyFile, Path caFile, Material material) throws GeneralSecurityException {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.caFile = caFile;
        this.keyManager = new ReloadableKeyManager(material.keyManager());
        this.trustManager = new ReloadableTrustManager(material.trustManager());
        this.certificate = material.certificate();
        this.context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
    }

    /**
     * Loads the server's certificate chain and key, and the CA certificates that client certificates must chain to.
     *
     * @param caFile null when clients are not asked for certificates (then no client certificate is trusted)
     * @throws IOException when a file cannot be read or holds no usable certificate or key, or the key does not
     *                     belong to the certificate
     */
    public static ServerTls load(Path certFile, Path keyFile, Path caFile) throws IOException {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        try {
            return new ServerTls(certFile, keyFile, caFile, Material.read(certFile, keyFile, caFile));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The context every TLS listener creates its engines from; the same object across reloads. */
    public SSLContext context() {
        return context;
    }

    /** The server certificate now presented to new connections. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Rereads the PEM files and makes new handshakes use them. Connections already open are untouched. Cached TLS
     * sessions are dropped, so that no client resumes a session made with the old certificate.
     *
     * @throws IOException when a file cannot be read or is not usable; the material in use stays as it was
     */
    public synchronized void reload() throws IOException {
        Material material;
        try {
            material = Material.read(certFile, keyFile, caFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot reload TLS: " + e.getMessage(), e);
        }
        keyManager.replace(material.keyManager());
        trustManager.replace(material.trustManager());
        certificate = material.certificate();
        SSLSessionContext sessions = context.getServerSessionContext();
        if (sessions != null) {
            int timeout = sessions.getSessionTimeout();
            sessions.setSessionTimeout(1); // expires what is cached; then back to the usual lifetime
            sessions.setSessionTimeout(timeout);
        }
    }

    /** One generation of key and trust material. */
    private record Material(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager,
                            X509Certificate certificate) {

        static Material read(Path certFile, Path keyFile, Path caFile) throws IOException, GeneralSecurityException {
            List<X509Certificate> chain = PemFiles.certificates(certFile);
            PrivateKey key = PemFiles.privateKey(keyFile);
            if (!belongTogether(key, chain.get(0))) {
                throw new IOException(keyFile + " holds no key for the certificate in " + certFile);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, STORE_PASSWORD);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            if (caFile != null) {
                int i = 0;
                for (X509Certificate ca : PemFiles.certificates(caFile)) {
                    trusted.setCertificateEntry("ca-" + i++, ca);
                }
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            return new Material(first(keyManagers.getKeyManagers(), X509ExtendedKeyManager.class),
                    first(trustManagers.getTrustManagers(), X509ExtendedTrustManager.class), chain.get(0));
        }

        /** Whether {@code key} signs what the certificate's public key verifies (for the usual key types). */
        private static boolean belongTogether(PrivateKey key, X509Certificate certificate)
                throws GeneralSecurityException {
            String algorithm;
            switch (key.getAlgorithm()) {
                case "RSA":
                    algorithm = "SHA256withRSA";
                    break;
                case "EC":
                    algorithm = "SHA256withECDSA";
                    break;
                case "Ed25519":
                case "Ed448":
                case "EdDSA":
                    algorithm = key.getAlgorithm();
                    break;
                default:
                    return true; // left to the handshake
            }
            byte[] probe = "spool".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            try {
                verifier.initVerify(certificate.getPublicKey());
            } catch (java.security.InvalidKeyException otherKeyType) {
                return false;
            }
            verifier.update(probe);
            return verifier.verify(signature);
        }

        private static <T> T first(Object[] managers, Class<T> type) throws GeneralSecurityException {
            for (Object manager : managers) {
                if (type.isInstance(manager)) {
                    return type.cast(manager);
                }
            }
            throw new GeneralSecurityException("the JDK offers no " + type.getSimpleName());
        }
    }
}
