package dev.portcullis.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Binds a complete document tree (the user's file overlaid on the embedded default) to {@link DaemonConfig}:
 * one method per section, every key read with a typed {@link ValueReader} and its bounds. All problems are collected;
 * records are built only if none was found.
 */
final class Binder {

    private final Problems problems;
    private final Path baseDir;

    Binder(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** The bound config, or null when {@link Problems} is not empty. */
    DaemonConfig bind(Doc root) {
        ObjectView v = ObjectView.root(root, problems);
        if (v == null) {
            return null;
        }
        ProxySection proxy = proxy(v.section("proxy"));
        AdminSection admin = admin(v.section("admin"));
        UpstreamSection upstream = upstream(v.section("upstream"));
        LimitsSection limits = limits(v.section("limits"));
        TimeoutsSection timeouts = timeouts(v.section("timeouts"));
        PolicySection policy = policy(v.section("policy"));
        InspectionSection inspection = inspection(v.section("inspection"));
        AccessLogSection accessLog = accessLog(v.section("access_log"));
        AuthSection auth = auth(v.section("auth"));
        PacSection pac = pac(v.section("pac"));
        List<OrgSection> orgs = new OrgsBinder(this, baseDir).bind(v);
        v.finish();
        return build(v, () -> new DaemonConfig(proxy, admin, upstream, limits, timeouts, policy, inspection,
                accessLog, auth, pac, orgs));
    }

    private ProxySection proxy(ObjectView v) {
        if (v == null) {
            return null;
        }
        List<HostPort> listen = v.list("listen", n -> HostPort.parse(ValueReader.string(n)), ProxySection.LISTEN);
        String via = v.get("via_pseudonym", n -> ProxySection.checkPseudonym(ValueReader.string(n)));
        List<CidrPorts> sources = v.list("allowed_sources", n -> ProxySection.parseSource(ValueReader.string(n)),
                ProxySection.ALLOWED_SOURCES);
        Optional<HostPort> tlsListen = v.get("tls_listen",
                ValueReader.nullable(n -> HostPort.parse(ValueReader.string(n))));
        Optional<Path> tlsCert = v.get("tls_cert", ValueReader.nullable(ValueReader.path(baseDir)));
        Optional<Path> tlsKey = v.get("tls_key", ValueReader.nullable(ValueReader.path(baseDir)));
        Optional<Path> clientCa = v.get("tls_client_ca", ValueReader.nullable(ValueReader.path(baseDir)));
        TlsClientAuth clientAuth = v.get("tls_client_auth", n -> TlsClientAuth.parse(ValueReader.string(n)));
        v.finish();
        return build(v, () -> new ProxySection(listen, via, sources, tlsListen, tlsCert, tlsKey, clientCa,
                clientAuth));
    }

    private AdminSection admin(ObjectView v) {
        if (v == null) {
            return null;
        }
        HostPort listen = v.get("listen", n -> HostPort.parse(ValueReader.string(n)));
        Optional<Path> token = v.get("token_file", ValueReader.nullable(ValueReader.path(baseDir)));
        v.finish();
        return build(v, () -> new AdminSection(listen, token));
    }

    private UpstreamSection upstream(ObjectView v) {
        if (v == null) {
            return null;
        }
        List<Path> caFiles = v.list("ca_files", ValueReader.path(baseDir), UpstreamSection.CA_FILES);
        List<CidrPorts> allow = v.list("allow_destinations", n -> CidrPorts.parse(ValueReader.string(n)),
                UpstreamSection.ALLOW_DESTINATIONS);
        PortRanges connectPorts = v.get("connect_ports", ValueReader.ports());
        DnsSection dns = dns(v.section("dns"));
        PoolSection pool = pool(v.section("pool"));
        v.finish();
        return build(v, () -> new UpstreamSection(caFiles, allow, connectPorts, dns, pool));
    }

    private DnsSection dns(ObjectView v) {
        if (v == null) {
            return null;
        }
        List<HostPort> servers = v.list("servers", n -> DnsSection.parseServer(ValueReader.string(n)), DnsSection.SERVERS);
        Duration query = v.get("query_timeout", ValueReader.duration(DnsSection.QUERY_TIMEOUT));
        Duration minTtl = v.get("min_ttl", ValueReader.duration(DnsSection.MIN_TTL));
        Duration maxTtl = v.get("max_ttl", ValueReader.duration(DnsSection.MAX_TTL));
        Duration negativeTtl = v.get("negative_ttl", ValueReader.duration(DnsSection.NEGATIVE_TTL));
        v.finish();
        return build(v, () -> new DnsSection(servers, query, minTtl, maxTtl, negativeTtl));
    }

    private PoolSection pool(ObjectView v) {
        if (v == null) {
            return null;
        }
        Long maxIdle = v.get("max_idle_per_host", ValueReader.integer(PoolSection.MAX_IDLE_PER_HOST));
        Duration idle = v.get("idle_timeout", ValueReader.duration(PoolSection.IDLE_TIMEOUT));
        v.finish();
        return build(v, () -> new PoolSection(maxIdle.intValue(), idle));
    }

    private LimitsSection limits(ObjectView v) {
        if (v == null) {
            return null;
        }
        Long maxConnections = v.get("max_connections", ValueReader.integer(LimitsSection.MAX_CONNECTIONS));
        Long line = v.get("max_initial_line_length", ValueReader.size(LimitsSection.MAX_INITIAL_LINE_LENGTH));
        Long header = v.get("max_header_size", ValueReader.size(LimitsSection.MAX_HEADER_SIZE));
        Long chunk = v.get("max_chunk_size", ValueReader.size(LimitsSection.MAX_CHUNK_SIZE));
        Long h2Streams = v.get("h2_max_concurrent_streams",
                ValueReader.integer(LimitsSection.H2_MAX_CONCURRENT_STREAMS));
        Long h2Resets = v.get("h2_max_resets", ValueReader.integer(LimitsSection.H2_MAX_RESETS));
        Duration h2Window = v.get("h2_reset_window", ValueReader.duration(LimitsSection.H2_RESET_WINDOW));
        v.finish();
        return build(v, () -> new LimitsSection(maxConnections.intValue(), line, header, chunk,
                h2Streams.intValue(), h2Resets.intValue(), h2Window));
    }

    private TimeoutsSection timeouts(ObjectView v) {
        if (v == null) {
            return null;
        }
        Duration headerRead = v.get("header_read", ValueReader.duration(TimeoutsSection.HEADER_READ));
        Duration clientIdle = v.get("client_idle", ValueReader.duration(TimeoutsSection.CLIENT_IDLE));
        Duration tunnelIdle = v.get("tunnel_idle", ValueReader.duration(TimeoutsSection.TUNNEL_IDLE));
        Duration connect = v.get("connect", ValueReader.duration(TimeoutsSection.CONNECT));
        Duration response = v.get("upstream_response", ValueReader.duration(TimeoutsSection.UPSTREAM_RESPONSE));
        Duration drain = v.get("drain", ValueReader.duration(TimeoutsSection.DRAIN));
        v.finish();
        return build(v, () -> new TimeoutsSection(headerRead, clientIdle, tunnelIdle, connect, response, drain));
    }

    private PolicySection policy(ObjectView v) {
        if (v == null) {
            return null;
        }
        Optional<Path> file = v.get("file", ValueReader.nullable(ValueReader.path(baseDir)));
        Optional<Path> intelligence = v.get("intelligence_file", ValueReader.nullable(ValueReader.path(baseDir)));
        Boolean watch = v.get("watch", ValueReader.bool());
        Optional<URI> url = v.get("url", ValueReader.nullable(n -> PolicySection.parseUrl(ValueReader.string(n))));
        Duration poll = v.get("poll_interval", ValueReader.duration(PolicySection.POLL_INTERVAL));
        v.finish();
        return build(v, () -> new PolicySection(file, intelligence, watch, url, poll));
    }

    private InspectionSection inspection(ObjectView v) {
        if (v == null) {
            return null;
        }
        Optional<Path> cert = v.get("ca_cert", ValueReader.nullable(ValueReader.path(baseDir)));
        Optional<Path> key = v.get("ca_key", ValueReader.nullable(ValueReader.path(baseDir)));
        Duration validity = v.get("leaf_validity", ValueReader.duration(InspectionSection.LEAF_VALIDITY));
        Long cacheSize = v.get("leaf_cache_size", ValueReader.integer(InspectionSection.LEAF_CACHE_SIZE));
        List<String> hosts = v.list("do_not_inspect_hosts", n -> InspectionSection.parseHostSuffix(ValueReader.string(n)),
                InspectionSection.DO_NOT_INSPECT_HOSTS);
        NotTlsAction notTls = v.get("not_tls_action", n -> NotTlsAction.parse(ValueReader.string(n)));
        v.finish();
        return build(v, () -> new InspectionSection(cert, key, validity, cacheSize.intValue(), hosts, notTls));
    }

    private AccessLogSection accessLog(ObjectView v) {
        if (v == null) {
            return null;
        }
        Optional<String> path = v.get("path", ValueReader.nullable(n -> {
            String s = ValueReader.string(n);
            return AccessLogSection.STDOUT.equals(s) ? s : ValueReader.path(baseDir).read(n).toString();
        }));
        Long maxSize = v.get("max_size", ValueReader.size(AccessLogSection.MAX_SIZE));
        Long maxFiles = v.get("max_files", ValueReader.integer(AccessLogSection.MAX_FILES));
        AccessLogPrivacy privacy = v.get("privacy", n -> AccessLogPrivacy.parse(ValueReader.string(n)));
        Optional<Path> hashKey = v.get("hash_key_file", ValueReader.nullable(ValueReader.path(baseDir)));
        v.finish();
        return build(v, () -> new AccessLogSection(path, maxSize, maxFiles.intValue(), privacy, hashKey));
    }

    private PacSection pac(ObjectView v) {
        if (v == null) {
            return null;
        }
        List<String> domains = v.list("bypass_domains", n -> PacSection.parseDomain(ValueReader.string(n)),
                PacSection.BYPASS);
        List<String> cidrs = v.list("bypass_cidrs", n -> PacSection.parseCidr(ValueReader.string(n)),
                PacSection.BYPASS);
        Boolean fallback = v.get("direct_fallback", ValueReader.bool());
        v.finish();
        return build(v, () -> new PacSection(domains, cidrs, fallback));
    }

    private AuthSection auth(ObjectView v) {
        if (v == null) {
            return null;
        }
        Optional<Path> users = v.get("users_file", ValueReader.nullable(ValueReader.path(baseDir)));
        String realm = v.get("realm", n -> AuthSection.checkRealm(ValueReader.string(n)));
        List<DeviceToken> tokens = deviceTokens(v, false);
        Long threads = v.get("verify_threads", ValueReader.integer(AuthSection.VERIFY_THREADS));
        Long queue = v.get("verify_queue", ValueReader.integer(AuthSection.VERIFY_QUEUE));
        Duration ttl = v.get("cache_ttl", ValueReader.duration(AuthSection.CACHE_TTL));
        Long maxFailures = v.get("max_failures", ValueReader.integer(AuthSection.MAX_FAILURES));
        Duration window = v.get("failure_window", ValueReader.duration(AuthSection.FAILURE_WINDOW));
        List<ObjectView> certItems = v.objects("client_certs", AuthSection.CLIENT_CERTS);
        List<ClientCertMapping> certs = new ArrayList<>();
        if (certItems != null) {
            for (ObjectView item : certItems) {
                certs.add(item == null ? null : clientCert(item));
            }
            duplicateMatches(certItems, certs);
        }
        v.finish();
        return build(v, () -> new AuthSection(users, realm, tokens, threads.intValue(), queue.intValue(), ttl,
                maxFailures.intValue(), window, certs));
    }

    /** {@code device_tokens} of an auth object; with {@code optional} an absent key reads as an empty list. */
    List<DeviceToken> deviceTokens(ObjectView v, boolean optional) {
        if (optional && !v.has("device_tokens")) {
            return List.of();
        }
        List<ObjectView> items = v.objects("device_tokens", AuthSection.DEVICE_TOKENS);
        List<DeviceToken> tokens = new ArrayList<>();
        if (items != null) {
            for (ObjectView item : items) {
                tokens.add(item == null ? null : deviceToken(item));
            }
            duplicateTokens(items, tokens);
        }
        return tokens;
    }

    private void duplicateTokens(List<ObjectView> items, List<DeviceToken> tokens) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            DeviceToken t = tokens.get(i);
            if (t == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(t.sha256(), i);
            if (first != null) {
                ObjectView item = items.get(i);
                problems.add(item.node().pos(), item.pointer() + "/sha256",
                        "repeats the sha256 of " + items.get(first).pointer() + "; each device needs its own token");
            }
        }
    }

    private DeviceToken deviceToken(ObjectView v) {
        String sha = v.get("sha256", n -> DeviceToken.parseSha256(ValueReader.string(n)));
        String device = v.get("device_id", n -> DeviceToken.checkLabel(ValueReader.string(n)));
        Optional<String> email = v.optional("email",
                ValueReader.nullable(n -> DeviceToken.checkLabel(ValueReader.string(n))), Optional.empty());
        Optional<String> name = v.optional("name",
                ValueReader.nullable(n -> DeviceToken.checkLabel(ValueReader.string(n))), Optional.empty());
        List<String> groups = v.optional("groups", labels(), List.of());
        List<String> passed = v.optional("posture_passed", labels(), List.of());
        List<String> failed = v.optional("posture_failed", labels(), List.of());
        v.finish();
        return build(v, () -> new DeviceToken(sha, device, email, name, groups, passed, failed));
    }

    private void duplicateMatches(List<ObjectView> items, List<ClientCertMapping> certs) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < certs.size(); i++) {
            ClientCertMapping m = certs.get(i);
            if (m == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(m.match().toLowerCase(java.util.Locale.ROOT), i);
            if (first != null) {
                ObjectView item = items.get(i);
                problems.add(item.node().pos(), item.pointer() + "/match", "repeats the match of /auth/client_certs/"
                        + first + " (matches ignore case); one entry per certificate name");
            }
        }
    }

    private ClientCertMapping clientCert(ObjectView v) {
        String match = v.get("match", n -> DeviceToken.checkLabel(ValueReader.string(n)));
        Optional<String> email = v.optional("email",
                ValueReader.nullable(n -> DeviceToken.checkLabel(ValueReader.string(n))), Optional.empty());
        Optional<String> name = v.optional("name",
                ValueReader.nullable(n -> DeviceToken.checkLabel(ValueReader.string(n))), Optional.empty());
        List<String> groups = v.optional("groups", labels(), List.of());
        v.finish();
        return build(v, () -> new ClientCertMapping(match, email, name, groups));
    }

    /** A list of short names, read as one value (list items of a list item have no pointer of their own). */
    private static ValueReader<List<String>> labels() {
        return node -> {
            if (!(node instanceof Doc.Arr arr)) {
                throw ValueReader.expected("a list of strings", node);
            }
            DeviceToken.NAMES.checkSize(arr.items().size());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < arr.items().size(); i++) {
                try {
                    out.add(DeviceToken.checkLabel(ValueReader.string(arr.items().get(i))));
                } catch (ValueParseException e) {
                    throw new ValueParseException("item " + i + ": " + e.getMessage());
                }
            }
            return List.copyOf(out);
        };
    }

    /**
     * Builds a record only when nothing failed so far, since failed values are null. The constructors re-check
     * the same bounds; a failure there is reported rather than thrown, in case a rule exists only there.
     */
    <T> T build(ObjectView v, Supplier<T> constructor) {
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return constructor.get();
        } catch (ValueParseException e) {
            problems.add(v.node().pos(), v.pointer().isEmpty() ? "/" : v.pointer(), e.getMessage());
            return null;
        }
    }
}
