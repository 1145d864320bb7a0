package dev.portcullis.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules that span keys or look at the file system; they run on a bound {@link DaemonConfig}, so the same checks
 * cover files and command-line overrides.
 */
final class CrossCheck {

    /**
     * A broken rule. When two keys are involved, {@code altPointer}/{@code altMessage} phrase it from the other
     * key's side, so the loader can report it where the operator actually wrote something.
     */
    record Violation(String pointer, String message, String altPointer, String altMessage) {
        Violation(String pointer, String message) {
            this(pointer, message, null, null);
        }
    }

    private CrossCheck() {
    }

    static List<Violation> run(DaemonConfig c) {
        List<Violation> out = new ArrayList<>();
        listeners(c, out);
        adminExposure(c, out);
        openProxy(c, out);
        inspectionPair(c.inspection(), out);
        tlsListener(c, out);
        ttls(c.upstream().dns(), out);
        policySource(c.policy(), out);
        files(c, out);
        OrgsCheck.run(c, out);
        return out;
    }

    private static void listeners(DaemonConfig c, List<Violation> out) {
        List<HostPort> listen = c.proxy().listen();
        HostPort admin = c.admin().listen();
        for (int i = 0; i < listen.size(); i++) {
            HostPort l = listen.get(i);
            for (int j = 0; j < i; j++) {
                if (l.collidesWith(listen.get(j))) {
                    out.add(new Violation("/proxy/listen/" + i, l + " collides with /proxy/listen/" + j + " ("
                            + listen.get(j) + ")"));
                }
            }
            if (l.collidesWith(admin)) {
                out.add(new Violation("/proxy/listen/" + i, l + " collides with the admin listener /admin/listen ("
                        + admin + ")", "/admin/listen", admin + " collides with the proxy listener /proxy/listen/"
                        + i + " (" + l + ")"));
            }
        }
    }

    /** Mutating admin calls are unauthenticated without a token, which is tolerable only on loopback. */
    private static void adminExposure(DaemonConfig c, List<Violation> out) {
        HostPort admin = c.admin().listen();
        if (!admin.isLoopback() && c.admin().tokenFile().isEmpty()) {
            out.add(new Violation("/admin/listen", admin + " is not a loopback address, so /admin/token_file "
                    + "must be set", "/admin/token_file", "must be set when /admin/listen (" + admin
                    + ") is not a loopback address"));
        }
    }

    /**
     * A proxy reachable from other hosts that neither asks for credentials nor limits who may connect is an open
     * proxy: anyone who finds it can launder traffic through it.
     */
    private static void openProxy(DaemonConfig c, List<Violation> out) {
        if (c.credentialsConfigured() || !c.proxy().allowedSources().isEmpty() || (!c.orgs().isEmpty()
                && c.orgs().stream().allMatch(o -> o.endpoints().stream().noneMatch(e -> e.sourceCidrs().isEmpty())))) {
            return;
        }
        List<HostPort> listen = c.proxy().listen();
        for (int i = 0; i < listen.size(); i++) {
            HostPort l = listen.get(i);
            if (!l.isLoopback()) {
                out.add(new Violation("/proxy/listen/" + i, l + " is not a loopback address and nothing restricts"
                        + " who may use it, which makes an open proxy; require credentials (/auth/users_file or"
                        + " --auth-users FILE, or /auth/device_tokens) or list the client networks in"
                        + " /proxy/allowed_sources (or --allow-source CIDR)"));
            }
        }
        c.proxy().tlsListen().filter(l -> !l.isLoopback()).ifPresent(l -> out.add(new Violation("/proxy/tls_listen",
                l + " is not a loopback address and nothing restricts who may use it, which makes an open proxy;"
                        + " require credentials (/auth/users_file or --auth-users FILE, or /auth/device_tokens) or"
                        + " list the client networks in /proxy/allowed_sources (or --allow-source CIDR)")));
    }

    private static void tlsListener(DaemonConfig c, List<Violation> out) {
        ProxySection p = c.proxy();
        if (p.tlsCert().isPresent() && p.tlsKey().isEmpty()) {
            out.add(new Violation("/proxy/tls_cert", "the HTTPS listener needs both tls_cert and tls_key; tls_key is not set"));
        } else if (p.tlsKey().isPresent() && p.tlsCert().isEmpty()) {
            out.add(new Violation("/proxy/tls_key", "the HTTPS listener needs both tls_cert and tls_key; tls_cert is not set"));
        } else if (p.tlsListen().isPresent() && p.tlsCert().isEmpty() && !c.inspection().enabled()) {
            out.add(new Violation("/proxy/tls_listen", "the HTTPS listener needs a certificate: set tls_cert and "
                    + "tls_key, or inspection.ca_cert and inspection.ca_key to mint one"));
        }
        if (p.tlsClientCa().isPresent() && p.tlsListen().isEmpty()) {
            out.add(new Violation("/proxy/tls_client_ca", "client certificates are checked on the HTTPS listener; "
                    + "set proxy.tls_listen too, or remove tls_client_ca"));
        }
        if (!c.auth().clientCerts().isEmpty() && p.tlsClientCa().isEmpty()) {
            out.add(new Violation("/auth/client_certs", "client_certs map client certificates, which are only "
                    + "asked for with proxy.tls_client_ca; set it, or remove client_certs"));
        }
    }

    private static void inspectionPair(InspectionSection i, List<Violation> out) {
        if (i.caCert().isPresent() && i.caKey().isEmpty()) {
            out.add(new Violation("/inspection/ca_cert", "inspection needs both ca_cert and ca_key; ca_key is not set"));
        } else if (i.caKey().isPresent() && i.caCert().isEmpty()) {
            out.add(new Violation("/inspection/ca_key", "inspection needs both ca_cert and ca_key; ca_cert is not set"));
        }
    }

    private static void ttls(DnsSection dns, List<Violation> out) {
        if (dns.minTtl().compareTo(dns.maxTtl()) > 0) {
            out.add(new Violation("/upstream/dns/min_ttl", "must not exceed max_ttl (" + Durations.format(dns.maxTtl())
                    + "), got " + Durations.format(dns.minTtl()), "/upstream/dns/max_ttl",
                    "must be at least min_ttl (" + Durations.format(dns.minTtl()) + "), got "
                            + Durations.format(dns.maxTtl())));
        }
    }

    private static void policySource(PolicySection p, List<Violation> out) {
        if (p.file().isPresent() && p.url().isPresent()) {
            out.add(new Violation("/policy/url", "policy.url and policy.file exclude each other; set one of them",
                    "/policy/file", "policy.file and policy.url exclude each other; set one of them"));
        }
    }

    private static void files(DaemonConfig c, List<Violation> out) {
        readable("/admin/token_file", c.admin().tokenFile(), out);
        readable("/proxy/tls_cert", c.proxy().tlsCert(), out);
        readable("/proxy/tls_key", c.proxy().tlsKey(), out);
        readable("/proxy/tls_client_ca", c.proxy().tlsClientCa(), out);
        List<Path> ca = c.upstream().caFiles();
        for (int i = 0; i < ca.size(); i++) {
            readable("/upstream/ca_files/" + i, Optional.of(ca.get(i)), out);
        }
        readable("/policy/file", c.policy().file(), out);
        readable("/auth/users_file", c.auth().usersFile(), out);
        readable("/policy/intelligence_file", c.policy().intelligenceFile(), out);
        readable("/inspection/ca_cert", c.inspection().caCert(), out);
        readable("/inspection/ca_key", c.inspection().caKey(), out);
        readable("/access_log/hash_key_file", c.accessLog().hashKeyFile(), out);
        OrgsCheck.files(c, (pointer, file) -> readable(pointer, file, out));
        c.accessLog().path().filter(p -> !c.accessLog().toStdout()).ifPresent(p -> {
            Path parent = Path.of(p).toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                out.add(new Violation("/access_log/path", "directory " + parent + " does not exist"));
            } else if (Files.isDirectory(Path.of(p))) {
                out.add(new Violation("/access_log/path", p + " is a directory; name a file"));
            }
        });
    }

    private static void readable(String pointer, Optional<Path> file, List<Violation> out) {
        file.ifPresent(f -> {
            if (!Files.exists(f)) {
                out.add(new Violation(pointer, "file not found: " + f));
            } else if (!Files.isRegularFile(f)) {
                out.add(new Violation(pointer, "not a regular file: " + f));
            } else if (!Files.isReadable(f)) {
                out.add(new Violation(pointer, "file is not readable: " + f));
            }
        });
    }
}
