package dev.portcullis.proxy.daemon;

import dev.portcullis.config.CidrPorts;
import dev.portcullis.config.ConfigException;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.HostPort;
import dev.portcullis.config.ProxySection;
import dev.portcullis.config.TlsClientAuth;
import dev.portcullis.config.policy.PolicyCheck;
import dev.portcullis.config.policy.PolicyDocumentException;
import dev.portcullis.proxy.auth.UserDirectory;
import dev.portcullis.proxy.auth.UsersFileException;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.observe.JsonAccessLogger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The {@code portcullis} command line. Flags are a contract with ops scripts: add, never rename. */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Secure web gateway forward proxy. Without a command: run with the embedded default config.",
        subcommands = {Main.Run.class, Main.Check.class, Main.PolicyCommand.class, CaCommand.class,
                Main.PrintVersion.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return new Run().call();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"portcullis " + version()};
        }
    }

    @Command(name = "version", description = "Print the version and exit.")
    static final class PrintVersion implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println("portcullis " + version());
            return 0;
        }
    }

    @Command(name = "check", description = "Validate a config file (and the files it references).")
    static final class Check implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "Config file (JSON or YAML).")
        Path config;

        @Override
        public Integer call() {
            DaemonConfig c;
            try {
                c = ConfigLoader.load(config).validate();
                UserDirectory.fromConfig(c, PolicyRuntime.DEFAULT_ORG).ifPresent(UserDirectory::close);
            } catch (ConfigException | UsersFileException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            try (OrgPolicies policies = OrgPolicies.start(c)) {
                for (String org : policies.ids()) {
                    PolicyRuntime policy = policies.get(org);
                    System.out.println(config + ": ok (" + (c.orgs().isEmpty() ? "" : "organisation " + org + ": ")
                            + "policy " + policy.current().version() + ", " + policy.current().ruleCount() + " rules)");
                }
                return 0;
            } catch (PolicyDocumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "policy", description = "Policy documents.", subcommands = {PolicyCheckCommand.class})
    static final class PolicyCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            new CommandLine(this).usage(System.err);
            return 2;
        }
    }

    @Command(name = "check", description = "Validate a policy document offline; exit 0, or 1 with every error.")
    static final class PolicyCheckCommand implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "FILE", description = "Policy document (JSON).")
        Path file;

        @Override
        public Integer call() {
            return PolicyCheck.run(file, System.out, System.err);
        }
    }

    @Command(name = "run", description = "Run the proxy daemon.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "Config file (JSON or YAML); default: embedded.")
        Path config;

        @Option(names = "--listen", paramLabel = "HOST:PORT", description = "HTTP proxy listener (repeatable).")
        List<String> listen = new ArrayList<>();

        @Option(names = "--admin-listen", paramLabel = "HOST:PORT", description = "Admin listener.")
        String adminListen;

        @Option(names = "--policy", paramLabel = "FILE", description = "Organisation policy document (JSON).")
        Path policy;

        @Option(names = "--upstream-ca", paramLabel = "PEM", description = "Extra CA bundle trusted upstream (repeatable).")
        List<Path> upstreamCa = new ArrayList<>();

        @Option(names = "--allow-destination", paramLabel = "CIDR[:PORTS]",
                description = "Let the proxy dial this otherwise-forbidden range, CONNECT included (repeatable).")
        List<String> allowDestination = new ArrayList<>();

        @Option(names = "--access-log", paramLabel = "FILE", description = "Access log file, or - for stdout.")
        String accessLog;

        @Option(names = "--admin-token-file", paramLabel = "FILE",
                description = "File holding the bearer token for mutating admin calls (POST /v1/drain ...).")
        Path adminTokenFile;

        @Option(names = "--ca-cert", paramLabel = "PEM", description = "Organisation CA certificate: turns TLS inspection on (with --ca-key).")
        Path caCert;

        @Option(names = "--ca-key", paramLabel = "PEM", description = "Organisation CA private key (mode 0600).")
        Path caKey;

        @Option(names = "--auth-users", paramLabel = "FILE",
                description = "htpasswd file (bcrypt) for Proxy-Authorization: Basic; every listener then requires credentials.")
        Path authUsers;

        @Option(names = "--allow-source", paramLabel = "CIDR",
                description = "Accept proxy clients from this range only (repeatable; default: any).")
        List<String> allowSource = new ArrayList<>();

        @Option(names = "--tls-listen", paramLabel = "HOST:PORT",
                description = "HTTPS proxy listener (ALPN h2 with multiplexed CONNECT, and http/1.1).")
        String tlsListen;

        @Option(names = "--tls-cert", paramLabel = "PEM",
                description = "Certificate chain of the HTTPS listener; default: minted from --ca-cert/--ca-key.")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert (mode 0600).")
        Path tlsKey;

        @Option(names = "--tls-client-ca", paramLabel = "PEM",
                description = "Verify client certificates on the HTTPS listener against these CAs; a verified "
                        + "certificate authenticates the connection (proxy.tls_client_ca).")
        Path tlsClientCa;

        @Option(names = "--tls-client-auth", paramLabel = "MODE",
                description = "With --tls-client-ca: require (default; no certificate, no handshake) or optional.")
        String tlsClientAuth;

        private static TlsClientAuth parseClientAuth(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "require" -> TlsClientAuth.REQUIRE;
                case "optional" -> TlsClientAuth.OPTIONAL;
                default -> throw new IllegalArgumentException("--tls-client-auth: '" + s + "' is not a mode; use "
                        + "require or optional");
            };
        }

        @Override
        public Integer call() throws Exception {
            DaemonConfig effective;
            try {
                effective = effectiveConfig();
            } catch (ConfigException | IllegalArgumentException e) {
                System.err.println("portcullis: invalid configuration:\n" + e.getMessage());
                return 2;
            }
            OrgPolicies policy;
            try {
                policy = OrgPolicies.start(effective);
            } catch (PolicyDocumentException e) {
                System.err.println("portcullis: invalid policy:\n" + e.getMessage());
                return 2;
            }
            AccessLogger accessLogger;
            try {
                accessLogger = JsonAccessLogger.create(effective.accessLog());
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("portcullis: cannot open the access log:\n" + e.getMessage());
                policy.close();
                return 2;
            }
            Daemon daemon;
            try {
                daemon = Daemon.start(effective, policy.deciders(), policy, accessLogger);
            } catch (UsersFileException e) {
                System.err.println("portcullis: invalid users file:\n" + e.getMessage());
                policy.close();
                if (accessLogger instanceof AutoCloseable closeable) {
                    closeable.close();
                }
                return 2;
            } catch (IllegalArgumentException e) {
                System.err.println("portcullis: cannot start:\n" + e.getMessage());
                policy.close();
                closeQuietly(accessLogger);
                return 2;
            }
            Daemon running = daemon;
            policy.reloadOnSighup(running::reloadUsers);
            policy.attach(daemon);
            List<AutoCloseable> steps = new ArrayList<>(List.of(daemon, policy));
            if (accessLogger instanceof AutoCloseable closeable) {
                steps.add(closeable);
            }
            new Shutdown(steps).install().awaitSignalAndStop();
            return 0;
        }

        private static void closeQuietly(AccessLogger logger) {
            if (logger instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("portcullis: closing the access log failed: " + e);
                }
            }
        }

        DaemonConfig effectiveConfig() throws ConfigException {
            DaemonConfig c = config == null ? ConfigLoader.embeddedDefault() : ConfigLoader.load(config);
            if (!listen.isEmpty()) {
                List<HostPort> hp = new ArrayList<>();
                for (String l : listen) {
                    hp.add(HostPort.parse(l));
                }
                c = c.withListen(hp);
            }
            if (adminListen != null) {
                c = c.withAdminListen(HostPort.parse(adminListen));
            }
            if (policy != null) {
                c = c.withPolicyFile(policy.toAbsolutePath());
            }
            if (!upstreamCa.isEmpty()) {
                c = c.withUpstreamCaFiles(upstreamCa.stream().map(Path::toAbsolutePath).toList());
            }
            if (!allowDestination.isEmpty()) {
                List<CidrPorts> allowed = new ArrayList<>();
                for (String a : allowDestination) {
                    allowed.add(CidrPorts.parse(a));
                }
                c = c.withAllowDestinations(allowed);
            }
            if (accessLog != null) {
                c = c.withAccessLogPath(accessLog);
            }
            if (adminTokenFile != null) {
                c = c.withAdminTokenFile(adminTokenFile.toAbsolutePath());
            }
            if (caCert != null) {
                c = c.withCaCert(caCert.toAbsolutePath());
            }
            if (caKey != null) {
                c = c.withCaKey(caKey.toAbsolutePath());
            }
            if (authUsers != null) {
                c = c.withAuthUsersFile(authUsers.toAbsolutePath());
            }
            if (!allowSource.isEmpty()) {
                List<CidrPorts> sources = new ArrayList<>();
                for (String s : allowSource) {
                    sources.add(ProxySection.parseSource(s));
                }
                c = c.withAllowedSources(sources);
            }
            if (tlsListen != null) {
                c = c.withTlsListen(HostPort.parse(tlsListen));
            }
            if (tlsCert != null) {
                c = c.withTlsCert(tlsCert.toAbsolutePath());
            }
            if (tlsKey != null) {
                c = c.withTlsKey(tlsKey.toAbsolutePath());
            }
            if (tlsClientCa != null) {
                c = c.withProxy(c.proxy().withTlsClientCa(tlsClientCa.toAbsolutePath()));
            }
            if (tlsClientAuth != null) {
                c = c.withProxy(c.proxy().withTlsClientAuth(parseClientAuth(tlsClientAuth)));
            }
            return c.validate();
        }
    }
}
