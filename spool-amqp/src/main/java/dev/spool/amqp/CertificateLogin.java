package dev.spool.amqp;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Where SASL EXTERNAL takes the user name from in a client certificate, as RabbitMQ's {@code ssl_cert_login_from}
 * (and {@code ssl_cert_login_san_type}) choose: the subject's common name (several are joined with commas), the whole
 * subject distinguished name in RFC 4514 form, or the first subject alternative name of one type. Immutable.
 */
public enum CertificateLogin {
    /** The subject's CN, e.g. {@code app} for {@code CN=app,O=Example}. */
    COMMON_NAME,
    /** The subject DN, e.g. {@code CN=app,O=Example}. */
    DISTINGUISHED_NAME,
    /** The first DNS name among the subject alternative names. */
    SAN_DNS,
    /** The first e-mail address (rfc822Name) among the subject alternative names. */
    SAN_EMAIL,
    /** The first URI among the subject alternative names. */
    SAN_URI;

    /** The user name this certificate stands for, or null when it holds none of the chosen kind. */
    String userName(X509Certificate certificate) {
        switch (this) {
            case COMMON_NAME:
                return commonName(certificate.getSubjectX500Principal());
            case DISTINGUISHED_NAME:
                return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            case SAN_DNS:
                return alternativeName(certificate, 2);
            case SAN_EMAIL:
                return alternativeName(certificate, 1);
            default:
                return alternativeName(certificate, 6);
        }
    }

    private static String commonName(X500Principal subject) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    names.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        // LdapName lists RDNs from the last to the first; RabbitMQ joins them in certificate order
        Collections.reverse(names);
        return names.isEmpty() ? null : String.join(",", names);
    }

    /** The first subject alternative name of a GeneralName type (1 rfc822Name, 2 dNSName, 6 URI). */
    private static String alternativeName(X509Certificate certificate, int type) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return null;
        }
        if (names == null) {
            return null;
        }
        for (List<?> name : names) {
            if (name.size() >= 2 && Integer.valueOf(type).equals(name.get(0)) && name.get(1) instanceof String value) {
                return value;
            }
        }
        return null;
    }
}
