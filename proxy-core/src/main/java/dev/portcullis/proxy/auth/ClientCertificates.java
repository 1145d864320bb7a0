package dev.portcullis.proxy.auth;

import dev.portcullis.config.ClientCertMapping;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.policy.gateway.Identity;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who a verified client certificate of the HTTPS listener is: its e-mail SAN (rfc822Name), else its subject CN,
 * looked up in {@code auth.client_certs} for a configured e-mail, name and groups. The TLS library has verified the
 * chain before this runs; this only reads names.
 */
public final class ClientCertificates {
    private static final int RFC822_NAME = 1;

    private final Map<String, ClientCertMapping> byMatch = new HashMap<>();

    public ClientCertificates(List<ClientCertMapping> mappings) {
        for (ClientCertMapping m : mappings) {
            byMatch.put(m.match().toLowerCase(Locale.ROOT), m);
        }
    }

    /** The mapping of {@code config.auth().clientCerts()}, or empty when the listener asks for no certificates. */
    public static Optional<ClientCertificates> fromConfig(DaemonConfig config) {
        return config.proxy().tlsClientCa().map(ca -> new ClientCertificates(config.auth().clientCerts()));
    }

    /** The identity {@code cert} stands for. */
    public Identity identify(X509Certificate cert) {
        String email = email(cert);
        String cn = commonName(cert.getSubjectX500Principal());
        ClientCertMapping m = null;
        if (email != null) {
            m = byMatch.get(email.toLowerCase(Locale.ROOT));
        }
        if (m == null && cn != null) {
            m = byMatch.get(cn.toLowerCase(Locale.ROOT));
        }
        if (m == null) {
            return new Identity(email, cn, List.of(), null, null, null);
        }
        return new Identity(m.email().orElse(email), m.name().orElse(cn),
                m.groups().stream().map(g -> new Identity.Group(null, g, null)).toList(), null, null, null);
    }

    /** The first rfc822Name SAN, or null. */
    static String email(X509Certificate cert) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return null; // a SAN extension the JDK cannot read names no e-mail; the CN still may
        }
        if (sans == null) {
            return null;
        }
        for (List<?> san : sans) {
            if (san.size() >= 2 && Integer.valueOf(RFC822_NAME).equals(san.get(0)) && san.get(1) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    /** The most specific CN of {@code subject}, or null. */
    static String commonName(X500Principal subject) {
        try {
            List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
            // LdapName lists RDNs from the least specific (the end of the RFC 2253 string) to the most.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    return rdns.get(i).getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
