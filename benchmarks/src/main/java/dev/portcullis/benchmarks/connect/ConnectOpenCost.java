package dev.portcullis.benchmarks.connect;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.net.ssl.SSLException;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * Per-tunnel open cost of HTTP/2 CONNECT streams against HTTP/1.1 CONNECT, same run, same loopback echo origin.
 * Warms every mode up, then measures the modes in turn for a number of rounds (so machine drift hits them alike),
 * and prints p50/p99 open latency and the proxy's CPU per open (with {@code --proxy-pid}) per round, then medians
 * and ratios.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.portcullis.benchmarks.connect.ConnectOpenCost
 * --proxy 127.0.0.1:3128 --tls-proxy 127.0.0.1:3443 --proxy-ca ca.pem --proxy-pid PID}; {@code
 * bench/connect-open-cost.sh} starts a daemon and runs it.
 */
@Command(name = "connect-open-cost", mixinStandardHelpOptions = true,
        description = "Per-tunnel open cost: h2 CONNECT streams on one TLS connection vs HTTP/1.1 CONNECT "
                + "(new TCP, new TLS connection per tunnel), to a loopback echo origin.")
public final class ConnectOpenCost implements Callable<Integer> {
    @Option(names = "--proxy", paramLabel = "HOST:PORT",
            description = "The proxy's plain HTTP listener (--listen), for h1-tcp.")
    String plainProxy;

    @Option(names = "--tls-proxy", paramLabel = "HOST:PORT", required = true,
            description = "The proxy's HTTPS listener (--tls-listen), for h2-stream and h1-tls.")
    String tlsProxy;

    @Option(names = "--proxy-ca", paramLabel = "PEM", description = "CA that signed the --tls-listen certificate.")
    File proxyCa;

    @Option(names = "--insecure", description = "Do not verify the --tls-listen certificate.")
    boolean insecure;

    @Option(names = "--proxy-pid", paramLabel = "PID", description = "The proxy's PID, for its CPU per open.")
    Long proxyPid;

    @Option(names = "--tunnels", defaultValue = "2000", description = "Measured opens per mode and round (default ${DEFAULT-VALUE}).")
    int tunnels;

    @Option(names = "--warmup", defaultValue = "2000", description = "Unmeasured opens per mode first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds, modes interleaved (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--concurrency", defaultValue = "1", description = "Opens in flight at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--modes", split = ",", defaultValue = "h2-stream,h1-tcp,h1-tls",
            description = "Which of h2-stream, h1-tcp, h1-tls (default ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--timeout-ms", defaultValue = "10000", description = "Bound on any one wait (default ${DEFAULT-VALUE}).")
    long timeoutMillis;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConnectOpenCost()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        InetSocketAddress tls = Addresses.parse("--tls-proxy", tlsProxy);
        InetSocketAddress plain = plainProxy == null ? null : Addresses.parse("--proxy", plainProxy);
        ProcessCpu proxyCpu = proxyPid == null ? null : ProcessCpu.of(proxyPid);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<TunnelOpener> openers = new ArrayList<>();
        try (EchoOrigin origin = EchoOrigin.start(group)) {
            for (String mode : modes) {
                openers.add(switch (mode) {
                    case "h2-stream" -> Http2ConnectOpener.connect(group, tls,
                            clientContext(ApplicationProtocolNames.HTTP_2), origin.port(), timeoutMillis);
                    case "h1-tcp" -> new Http1ConnectOpener(mode, group, plain, null, origin.port());
                    case "h1-tls" -> new Http1ConnectOpener(mode, group, tls,
                            clientContext(ApplicationProtocolNames.HTTP_1_1), origin.port());
                    default -> throw new IllegalStateException("unreachable: modes were validated");
                });
            }
            System.out.printf("echo origin 127.0.0.1:%d; %d warm-up + %d x %d measured opens per mode, %d in flight%s%n",
                    origin.port(), warmup, rounds, tunnels, concurrency,
                    proxyCpu == null ? "; no --proxy-pid: no proxy CPU figures" : "");
            for (TunnelOpener o : openers) {
                OpenRun.run(o, warmup, concurrency, null, timeoutMillis);
            }
            Map<String, List<OpenRun.Result>> results = new LinkedHashMap<>();
            System.out.println("| round | mode | opens | p50 us | p99 us | max us | opens/s | proxy CPU us/open | client CPU us/open |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int r = 1; r <= rounds; r++) {
                for (TunnelOpener o : openers) {
                    OpenRun.Result res = OpenRun.run(o, tunnels, concurrency, proxyCpu, timeoutMillis);
                    results.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(res);
                    System.out.printf("| %d | %s | %d | %.0f | %.0f | %.0f | %.0f | %s | %.0f |%n", r, res.mode(),
                            res.opens(), res.p50Micros(), res.p99Micros(), res.maxMicros(), res.opensPerSecond(),
                            res.proxyCpuMicrosPerOpen() < 0 ? "-" : String.format("%.0f", res.proxyCpuMicrosPerOpen()),
                            res.clientCpuMicrosPerOpen());
                }
            }
            summarize(results);
        } finally {
            openers.forEach(TunnelOpener::close);
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        return 0;
    }

    private void validate() {
        if (tunnels < 1 || warmup < 0 || rounds < 1 || concurrency < 1 || timeoutMillis < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--tunnels, --rounds, --concurrency and --timeout-ms must be at least 1, --warmup at least 0");
        }
        for (String m : modes) {
            if (!List.of("h2-stream", "h1-tcp", "h1-tls").contains(m)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "unknown mode '" + m + "' in --modes: use h2-stream, h1-tcp, h1-tls");
            }
        }
        if (modes.contains("h1-tcp") && plainProxy == null) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "mode h1-tcp needs --proxy HOST:PORT (the plain listener), or leave it out of --modes");
        }
        if (proxyCa == null && !insecure) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "give --proxy-ca PEM (the CA of the --tls-listen certificate) or --insecure");
        }
    }

    private SslContext clientContext(String alpn) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        return (insecure ? b.trustManager(InsecureTrustManagerFactory.INSTANCE) : b.trustManager(proxyCa)).build();
    }

    private static void summarize(Map<String, List<OpenRun.Result>> results) {
        System.out.println();
        System.out.println("| mode | median p50 us | median p99 us | median proxy CPU us/open |");
        System.out.println("|---|---|---|---|");
        Map<String, double[]> medians = new LinkedHashMap<>();
        results.forEach((mode, rs) -> {
            double[] m = {median(rs, OpenRun.Result::p50Micros), median(rs, OpenRun.Result::p99Micros),
                    median(rs, OpenRun.Result::proxyCpuMicrosPerOpen)};
            medians.put(mode, m);
            System.out.printf("| %s | %.0f | %.0f | %s |%n", mode, m[0], m[1], m[2] < 0 ? "-" : String.format("%.0f", m[2]));
        });
        double[] h2 = medians.get("h2-stream");
        if (h2 != null) {
            for (String other : List.of("h1-tcp", "h1-tls")) {
                double[] o = medians.get(other);
                if (o != null) {
                    System.out.printf("h2-stream vs %s: p50 %.2fx, p99 %.2fx%s (below 1 = h2 cheaper)%n", other,
                            h2[0] / o[0], h2[1] / o[1],
                            h2[2] > 0 && o[2] > 0 ? String.format(", proxy CPU per open %.2fx", h2[2] / o[2]) : "");
                }
            }
        }
    }

    private static double median(List<OpenRun.Result> rs, ToDoubleFunction<OpenRun.Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
