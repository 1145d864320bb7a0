package dev.portcullis.proxy.daemon;

import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.HostPort;
import dev.portcullis.config.policy.BlockPageSettings;
import dev.portcullis.proxy.auth.AuthCounters;
import dev.portcullis.proxy.auth.ClientCertificates;
import dev.portcullis.proxy.auth.ProxyAuth;
import dev.portcullis.proxy.auth.UserDirectory;
import dev.portcullis.config.EndpointSection;
import dev.portcullis.config.OrgSection;
import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.proxy.tenancy.Attribution;
import dev.portcullis.proxy.tenancy.AttributionHandler;
import dev.portcullis.proxy.tenancy.OrgDeciders;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import dev.portcullis.proxy.decision.BlockPages;
import dev.portcullis.proxy.decision.BlockResponder;
import dev.portcullis.proxy.decision.PolicyDecider;
import dev.portcullis.proxy.decision.PolicyGate;
import dev.portcullis.proxy.inspect.Inspection;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.observe.ProxyMetrics;
import dev.portcullis.proxy.pac.PacResponder;
import dev.portcullis.proxy.pac.PacSettings;
import dev.portcullis.proxy.pipeline.ConnectionLimiter;
import dev.portcullis.proxy.pipeline.FrontendInitializer;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.pipeline.ProxySettings;
import dev.portcullis.proxy.pipeline.TlsFrontendInitializer;
import dev.portcullis.proxy.upstream.DestinationGuard;
import dev.portcullis.proxy.upstream.DnsSettings;
import dev.portcullis.proxy.upstream.Resolver;
import dev.portcullis.proxy.upstream.UpstreamConnector;
import dev.portcullis.proxy.upstream.UpstreamHttpInitializer;
import dev.portcullis.proxy.upstream.UpstreamPools;
import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.mint.LeafCacheStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import dev.portcullis.proxy.pipeline.DrainEvent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The running proxy: event loops, shared services, listeners, and an orderly stop. */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Resolver resolver;
    private final ProxyServices services;
    private final ProxyAuth auth;
    private final Set<InetSocketAddress> boundProxyAddresses = new CopyOnWriteArraySet<>();
    private final List<Channel> listeners = new ArrayList<>();
    private AdminServer admin;
    private AdminRouter adminRouter;
    private volatile boolean closed;
    private final Instant startedAt = Instant.now();
    private final ProxyMetrics metrics;
    private final PacResponder pac;
    private final Optional<AdminToken> adminToken;
    private final ExecutorService adminExecutor;
    private final ReadinessChecks readiness = new ReadinessChecks();
    private volatile boolean draining;
    private final SslContext tlsListenerContext;
    private final Set<InetSocketAddress> boundTlsAddresses = new CopyOnWriteArraySet<>();

    private final Map<String, Supplier<Object>> statusSections = new ConcurrentHashMap<>();
    private final Map<String, String> deviceOrgs;

    private Daemon(DaemonConfig config, Map<String, PolicyDecider> deciders, BlockPages blockPage,
                   AccessLogger accessLogger) {
        this.metrics = ProxyMetrics.create();
        metrics.organisations(orgIds(config), config.orgs().isEmpty() ? PolicyRuntime.DEFAULT_ORG : "unattributed");
        this.deviceOrgs = deviceOrgs(config);
        // Before any thread exists, so that bad CA material stops the start cleanly.
        Inspection inspection = inspection(config, metrics);
        this.config = config;
        // A bad users file must fail the start before any thread or socket exists.
        this.auth = ProxyAuth.fromConfig(config);
        auth.users().ifPresent(UserDirectory::watch);
        this.tlsListenerContext = TlsListener.serverContext(config);
        this.adminToken = AdminToken.load(config.admin().tokenFile());
        accessLogger = metrics.metering(accessLogger);
        // PAC lists the HTTPS listener first so browsers that speak TLS to the proxy keep credentials off the wire.
        this.pac = new PacResponder(() -> List.copyOf(boundProxyAddresses), () -> tlsProxyAddress().stream().toList(),
                org -> PacResponder.DEFAULT_ORG.equals(org) || orgIds(config).contains(org) ? pacSettings(config)
                        : null);
        this.adminExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "portcullis-admin");
            t.setDaemon(true);
            return t;
        });
        this.transport = Transport.select(System.getProperty("portcullis.transport", "auto"));
        int threads = Integer.getInteger("portcullis.threads", Runtime.getRuntime().availableProcessors());
        this.group = transport.newGroup(threads, "portcullis-io");
        ProxySettings settings = settings(config);
        var up = config.upstream();
        this.resolver = new Resolver(transport, new DnsSettings(
                up.dns().servers().stream().map(HostPort::toSocketAddress).collect(Collectors.toList()),
                up.dns().queryTimeout(), up.dns().minTtl(), up.dns().maxTtl(), up.dns().negativeTtl()));
        DestinationGuard guard = new DestinationGuard(up.allowDestinations(), up.connectPorts(),
                this::ownListenerAddresses);
        UpstreamPools pools = new UpstreamPools(settings.maxIdlePerHost());
        HttpDecoderConfig upstreamDecoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxInitialLineLength())
                .setMaxHeaderSize(Math.max(settings.maxHeaderSize(), 65536))
                .setMaxChunkSize(settings.maxChunkSize());
        this.services = new ProxyServices(settings,
                new UpstreamConnector(transport, resolver, guard, settings.connectTimeout(), metrics),
                pools,
                new UpstreamHttpInitializer(pools, upstreamDecoder, settings.poolIdleTimeout()),
                new PolicyGate(new OrgDeciders(deciders, this::orgOf), metrics),
                new BlockResponder(blockPage),
                accessLogger,
                new ConnectionLimiter(settings.maxConnections()),
                metrics,
                pac,
                inspection);
        metrics.bindActiveConnections(services.connectionLimiter()::active);
        readiness.add("listeners", this::ready);
    }

    private static List<String> orgIds(DaemonConfig config) {
        return config.orgs().isEmpty() ? List.of(PolicyRuntime.DEFAULT_ORG)
                : config.orgs().stream().map(OrgSection::id).toList();
    }

    private static Map<String, String> deviceOrgs(DaemonConfig config) {
        Map<String, String> m = new HashMap<>();
        config.auth().deviceTokens().forEach(t -> m.put(t.deviceId(), PolicyRuntime.DEFAULT_ORG));
        config.orgs().forEach(o -> o.deviceTokens().forEach(t -> m.put(t.deviceId(), o.id())));
        return Map.copyOf(m);
    }

    /** The organisation whose credentials proved {@code id}: device tokens by device id, users by name. */
    private String orgOf(Identity id) {
        if (id.deviceId() != null) {
            return deviceOrgs.get(id.deviceId());
        }
        return id.name() == null ? null : auth.users().flatMap(u -> u.orgOf(id.name())).orElse(null);
    }

    /** Which listener a bound address belongs to, in the names of {@code orgs[].endpoints[].listener}. */
    private String listenerOf(InetSocketAddress local) {
        for (InetSocketAddress tls : boundTlsAddresses) {
            // A wildcard listener accepts on a concrete local address: the port tells it apart then.
            if (local != null && tls.getPort() == local.getPort()
                    && (tls.getAddress().isAnyLocalAddress() || tls.getAddress().equals(local.getAddress()))) {
                return EndpointSection.HTTPS;
            }
        }
        return EndpointSection.HTTP;
    }

    /** What the PAC file bypasses, from {@code pac} in the config (already validated by the binder). */
    static PacSettings pacSettings(DaemonConfig config) {
        return PacSettings.of(config.pac().bypassDomains(), config.pac().bypassCidrs(), config.pac().directFallback());
    }

    /** TLS inspection when a CA is configured; bad CA material stops the start with the loader's message. */
    private static Inspection inspection(DaemonConfig config, ProxyMetrics metrics) {
        if (!config.inspection().enabled()) {
            return null;
        }
        try {
            return Inspection.create(config.inspection(), config.upstream().caFiles(), metrics.mintListener());
        } catch (KeyMaterialException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Leaf cache figures, when inspection is on. */
    public Optional<LeafCacheStats> leafCacheStats() {
        return Optional.ofNullable(services.inspection()).map(Inspection::leafCacheStats);
    }

    static ProxySettings settings(DaemonConfig c) {
        return new ProxySettings(c.proxy().viaPseudonym(), c.limits().maxConnections(),
                (int) c.limits().maxInitialLineLength(), (int) c.limits().maxHeaderSize(),
                (int) c.limits().maxChunkSize(), c.timeouts().headerRead(), c.timeouts().clientIdle(),
                c.timeouts().tunnelIdle(), c.timeouts().connect(), c.timeouts().upstreamResponse(),
                c.upstream().pool().maxIdlePerHost(), c.upstream().pool().idleTimeout(),
                c.limits().h2MaxConcurrentStreams(), c.limits().h2MaxResets(), c.limits().h2ResetWindow());
    }

    /** Starts the daemon with a fixed decider and the default block page (tests, embedding). */
    public static Daemon start(DaemonConfig config, PolicyDecider decider, AccessLogger accessLogger)
            throws InterruptedException {
        return start(config, decider, () -> BlockPageSettings.DEFAULT, accessLogger);
    }

    /** Starts the daemon with one decider for every organisation; on failure everything started is stopped again. */
    public static Daemon start(DaemonConfig config, PolicyDecider decider, Supplier<BlockPageSettings> blockPage,
                               AccessLogger accessLogger) throws InterruptedException {
        Map<String, PolicyDecider> all = new LinkedHashMap<>();
        orgIds(config).forEach(o -> all.put(o, decider));
        return start(config, all, blockPage, accessLogger);
    }

    /**
     * Starts the daemon with each organisation's decider ({@link OrgPolicies#deciders()}); on failure everything
     * already started is stopped again.
     */
    public static Daemon start(DaemonConfig config, Map<String, PolicyDecider> deciders,
                               Supplier<BlockPageSettings> blockPage, AccessLogger accessLogger)
            throws InterruptedException {
        return start(config, deciders, (BlockPages) org -> blockPage.get(), accessLogger);
    }

    /**
     * Starts the daemon with each organisation's decider and block page ({@link OrgPolicies}); on failure everything
     * already started is stopped again.
     */
    public static Daemon start(DaemonConfig config, Map<String, PolicyDecider> deciders, BlockPages blockPages,
                               AccessLogger accessLogger) throws InterruptedException {
        Daemon daemon = new Daemon(config, deciders, blockPages, accessLogger);
        try {
            daemon.bind();
            return daemon;
        } catch (RuntimeException | InterruptedException e) {
            daemon.close();
            throw e;
        }
    }

    private void bind() throws InterruptedException {
        Attribution attribution = config.orgs().isEmpty() ? Attribution.single(PolicyRuntime.DEFAULT_ORG)
                : Attribution.of(config.orgs());
        FrontendInitializer frontend = new FrontendInitializer(services, auth,
                new AttributionHandler(attribution, this::listenerOf));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(frontend);
        for (HostPort listen : config.proxy().listen()) {
            Channel ch = bootstrap.bind(listen.toSocketAddress()).sync().channel();
            listeners.add(ch);
            boundProxyAddresses.add((InetSocketAddress) ch.localAddress());
        }
        if (tlsListenerContext != null) {
            HostPort tlsListen = config.proxy().tlsListen().orElseThrow();
            Channel ch = bootstrap.clone().childHandler(new TlsFrontendInitializer(services, tlsListenerContext, frontend,
                            auth, ClientCertificates.fromConfig(config).orElse(null)))
                    .bind(tlsListen.toSocketAddress()).sync().channel();
            listeners.add(ch);
            boundTlsAddresses.add((InetSocketAddress) ch.localAddress());
            log.info("portcullis HTTPS proxy listener (h2, http/1.1) on {}{}", ch.localAddress(),
                    config.proxy().tlsClientCa().map(ca -> ", client certificates " + config.proxy().tlsClientAuth()
                            .name().toLowerCase(java.util.Locale.ROOT) + " (CA " + ca + ")").orElse(""));
        }

        adminRouter = AdminRoutes.standard(this, adminToken, metrics, pac, adminExecutor);
        admin = AdminServer.start(group, transport, config.admin().listen().toSocketAddress(), adminRouter);
        log.info("portcullis listening on {} (admin {}), transport {}{}", proxyAddresses(), admin.address(),
                transport.name(), transport.unavailableReasons().isEmpty() ? ""
                        : " (" + transport.unavailableReasons().trim() + ")");
    }

    public List<InetSocketAddress> proxyAddresses() {
        return listeners.stream().map(ch -> (InetSocketAddress) ch.localAddress())
                .filter(a -> !boundTlsAddresses.contains(a)).collect(Collectors.toList());
    }

    /** The HTTPS proxy listener's address, when {@code proxy.tls_listen} is set. */
    public Optional<InetSocketAddress> tlsProxyAddress() {
        return boundTlsAddresses.stream().findFirst();
    }

    /** Every proxy listener, plain and TLS: dialling any of them is a forwarding loop. */
    private Set<InetSocketAddress> ownListenerAddresses() {
        if (boundTlsAddresses.isEmpty()) {
            return boundProxyAddresses;
        }
        Set<InetSocketAddress> all = new java.util.HashSet<>(boundProxyAddresses);
        all.addAll(boundTlsAddresses);
        return all;
    }

    /** The proxy listeners' addresses, also after they closed for a drain. */
    List<InetSocketAddress> boundProxyAddresses() {
        return List.copyOf(boundProxyAddresses);
    }

    /** The admin routes; subsystems wired after the start (the policy) add theirs here. */
    AdminRouter adminRouter() {
        return adminRouter;
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    public String transportName() {
        return transport.name();
    }

    /** Adds {@code key} to {@code GET /v1/status}, computed on every request. */
    public void addStatus(String key, Supplier<Object> value) {
        statusSections.put(key, value);
    }

    Map<String, Supplier<Object>> statusSections() {
        return new TreeMap<>(statusSections);
    }

    /**
     * Re-reads the users files (SIGHUP; they are also watched): files that fail keep their last good users.
     *
     * @return every problem found, empty when all loaded
     */
    public List<String> reloadUsers() {
        return auth.users().map(UserDirectory::reload).orElse(List.of());
    }

    /** Proxy authentication outcomes since start (for metrics). */
    public AuthCounters authCounters() {
        return auth.counters();
    }

    public int activeConnections() {
        return services.connectionLimiter().active();
    }

    public int activeTunnels() {
        return metrics.activeTunnels();
    }

    /** The daemon's meters: the integrator records policy decisions, reloads and leaf minting through it. */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /** Conditions for {@code /readyz}; add one per subsystem that must be up before traffic is sent here. */
    public ReadinessChecks readiness() {
        return readiness;
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean draining() {
        return draining;
    }

    /**
     * Stops accepting connections (so readiness fails and load balancers move on), closes idle client connections
     * and lets exchanges and tunnels in flight run on. {@link #close()} later ends what is left. Idempotent.
     */
    public void drain() {
        if (draining || closed) {
            return;
        }
        draining = true;
        log.info("draining: listeners closed, {} connection(s) open", activeConnections());
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        services.connectionLimiter().admitted()
                .forEach(ch -> ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
    }

    boolean ready() {
        return !closed && !draining && !listeners.isEmpty() && listeners.stream().allMatch(Channel::isActive);
    }

    /**
     * Stops accepting, closes idle connections, gives exchanges and tunnels in flight up to the drain timeout to
     * finish, then closes whatever is left. Safe to call more than once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        ChannelGroup clients = services.connectionLimiter().admitted();
        clients.forEach(ch -> ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
        Duration drain = config.timeouts().drain();
        if (!clients.newCloseFuture().awaitUninterruptibly(drain.toMillis())) {
            log.warn("drain timeout ({}) reached with {} connection(s) open; closing them", drain, clients.size());
            clients.close().awaitUninterruptibly(2000);
        }
        services.connector().closeAll(2000);
        if (admin != null) {
            admin.close();
        }
        resolver.close();
        if (services.inspection() != null) {
            services.inspection().close();
        }
        auth.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        adminExecutor.shutdownNow();
        metrics.close();
    }
}
