package dev.portcullis.e2e.support;

import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.Format;
import dev.portcullis.proxy.daemon.Daemon;
import dev.portcullis.proxy.daemon.PolicyRuntime;
import dev.portcullis.proxy.decision.EngineDecider;
import dev.portcullis.proxy.decision.PolicyDecider;
import dev.portcullis.proxy.observe.AccessRecord;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/** A real daemon on 127.0.0.1:0 with a config written as YAML in the test, and its access records. */
public final class ProxyFixture implements AutoCloseable {
    public final Daemon daemon;
    public final LinkedBlockingQueue<AccessRecord> access = new LinkedBlockingQueue<>();

    public final PolicyRuntime policy;

    private ProxyFixture(DaemonConfig config, PolicyDecider decider) throws Exception {
        this.policy = null;
        this.daemon = Daemon.start(config, decider, access::add);
    }

    private ProxyFixture(DaemonConfig config, PolicyRuntime policy) throws Exception {
        this.policy = policy;
        this.daemon = Daemon.start(config, new EngineDecider(policy::current), () -> policy.current().blockPage(),
                access::add);
    }

    /** A daemon deciding with the real policy engine, on the policy file (or embedded policy) the YAML names. */
    public static ProxyFixture startWithPolicy(String extraYaml) throws Exception {
        DaemonConfig config = config(extraYaml);
        return new ProxyFixture(config, PolicyRuntime.start(config));
    }

    /**
     * @param extraYaml YAML appended to a base config that listens on port 0; keys given here replace the base
     *                  sections wholesale, so give whole sections
     */
    public static ProxyFixture start(String extraYaml) throws Exception {
        return start(extraYaml, PolicyDecider.ALLOW_ALL);
    }

    public static ProxyFixture start(String extraYaml, PolicyDecider decider) throws Exception {
        return new ProxyFixture(config(extraYaml), decider);
    }

    static DaemonConfig config(String extraYaml) throws Exception {
        String yaml = extraYaml.contains("proxy:") ? extraYaml : """
                proxy:
                  listen: ["127.0.0.1:0"]
                """ + extraYaml;
        if (!yaml.contains("timeouts:")) {
            // Tunnels of pooled test clients would otherwise hold the stop for the whole default drain.
            yaml += "\ntimeouts:\n  drain: \"1s\"\n";
        }
        if (!yaml.contains("admin:")) {
            yaml += "\nadmin:\n  listen: \"127.0.0.1:0\"\n";
        }
        return ConfigLoader.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8), Format.YAML);
    }

    /** Allows loopback destinations (the test origins) on every port. */
    public static ProxyFixture startAllowingLoopback() throws Exception {
        return start("""
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                """);
    }

    public InetSocketAddress address() {
        return daemon.proxyAddresses().get(0);
    }

    public int port() {
        return address().getPort();
    }

    public HttpClient client() {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(address()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The first access record (in order, skipping others) that matches, waiting at most 5 s in all. */
    public AccessRecord awaitAccess(java.util.function.Predicate<AccessRecord> matching) throws InterruptedException {
        return AccessAwait.first(access, matching);
    }

    @Override
    public void close() {
        daemon.close();
        if (policy != null) {
            policy.close();
        }
    }
}
