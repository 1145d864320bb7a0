package dev.portcullis.e2e.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.Format;
import dev.portcullis.config.HostPort;
import dev.portcullis.proxy.daemon.Main;
import dev.portcullis.proxy.observe.ProxyMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker is not runnable here, so the container and Kubernetes files are checked against the code instead: every
 * {@code portcullis} flag they pass exists in Main's picocli model and parses, every port they publish or probe is
 * the one the config they ship listens on, and every metric the dashboard queries is one the daemon exports.
 */
class DeploymentFilesTest {
    private static final Path DOCKER = Path.of("..", "docker");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode yaml(String file) throws Exception {
        return YAML.readTree(DOCKER.resolve(file).toFile());
    }

    @TempDir
    static Path root;

    /**
     * Parses a shipped config as the daemon would. The files it names exist only in the container (mounted
     * secrets), so each absolute path is re-rooted under a temp directory where an empty file stands in for it.
     */
    private static DaemonConfig config(String name, String yamlText) throws Exception {
        Matcher paths = Pattern.compile("\"(/[^\"]+)\"").matcher(yamlText);
        StringBuilder rewritten = new StringBuilder();
        while (paths.find()) {
            Path stand = root.resolve(paths.group(1).substring(1));
            Files.createDirectories(stand.getParent());
            if (!Files.exists(stand)) {
                Files.writeString(stand, "placeholder-token-0123456789\n");
            }
            paths.appendReplacement(rewritten, Matcher.quoteReplacement("\"" + stand + "\""));
        }
        paths.appendTail(rewritten);
        return ConfigLoader.parse(name, rewritten.toString().getBytes(StandardCharsets.UTF_8), Format.YAML);
    }

    /** The in-container path of a file the config names. */
    private static String inContainer(Path rerooted) {
        return "/" + root.relativize(rerooted);
    }

    private static String inContainer(java.util.Optional<Path> rerooted) {
        return rerooted.map(DeploymentFilesTest::inContainer).orElse("");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Every flag is known to the subcommand and the whole line parses as picocli would at start-up. */
    private static void assertCliParses(String where, List<String> args) {
        CommandLine cli = new CommandLine(new Main());
        assertFalse(args.isEmpty(), where + ": no arguments");
        CommandLine sub = cli.getSubcommands().get(args.get(0));
        assertTrue(sub != null, where + ": unknown subcommand '" + args.get(0) + "'");
        Set<String> known = sub.getCommandSpec().optionsMap().keySet();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                assertTrue(known.contains(flag), where + ": '" + flag + "' is not a flag of 'portcullis "
                        + args.get(0) + "' (known: " + new TreeSet<>(known) + ")");
            }
        }
        cli.parseArgs(args.toArray(String[]::new));
    }

    private static String option(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertTrue(i >= 0 && i + 1 < args.size(), flag + " missing in " + args);
        return args.get(i + 1);
    }

    @Test
    void dockerfile() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        DaemonConfig config = config("docker/portcullis.yaml", Files.readString(DOCKER.resolve("portcullis.yaml")));
        int proxyPort = config.proxy().listen().get(0).port();
        int adminPort = config.admin().listen().port();

        Matcher cmd = Pattern.compile("(?m)^CMD (\\[.*])$").matcher(dockerfile);
        assertTrue(cmd.find(), "Dockerfile has an exec-form CMD");
        List<String> args = strings(new ObjectMapper().readTree(cmd.group(1)));
        assertCliParses("Dockerfile CMD", args);
        String configPath = option(args, "--config");
        assertTrue(dockerfile.contains("COPY docker/portcullis.yaml " + configPath), "CMD's --config is in the image");
        assertTrue(dockerfile.contains("\"-jar\", \"/opt/portcullis/portcullis.jar\""));

        Matcher expose = Pattern.compile("(?m)^EXPOSE (.*)$").matcher(dockerfile);
        assertTrue(expose.find());
        assertEquals(Set.of(proxyPort, adminPort), Set.of(expose.group(1).trim().split("\\s+")).stream()
                .map(Integer::parseInt).collect(Collectors.toSet()));
        assertTrue(dockerfile.contains("HEALTHCHECK"), "image has a HEALTHCHECK");
        assertTrue(dockerfile.contains("http://127.0.0.1:" + adminPort + "/healthz"), "HEALTHCHECK hits the admin port");
        assertTrue(Pattern.compile("(?m)^USER (?!0|root)").matcher(dockerfile).find(), "runs as a non-root user");
        assertTrue(dockerfile.contains("FROM maven:3-eclipse-temurin-17 AS build"));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"));
    }

    @Test
    void compose() throws Exception {
        JsonNode compose = yaml("compose.yaml");
        JsonNode service = compose.path("services").path("portcullis");
        List<String> args = strings(service.path("command"));
        assertCliParses("compose.yaml portcullis.command", args);

        String configPath = option(args, "--config");
        String mounted = null;
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[1].equals(configPath)) {
                mounted = parts[0];
            }
        }
        assertTrue(mounted != null, "the --config file is mounted into the container");
        DaemonConfig config = config(mounted, Files.readString(DOCKER.resolve(mounted)));
        int proxyPort = config.proxy().listen().get(0).port();
        int adminPort = config.admin().listen().port();

        Set<Integer> published = new TreeSet<>();
        for (JsonNode p : service.path("ports")) {
            String[] parts = p.asText().split(":");
            published.add(Integer.parseInt(parts[parts.length - 1]));
        }
        assertEquals(Set.of(proxyPort, adminPort), published, "compose publishes exactly the proxy and admin ports");

        for (String secret : strings(service.path("secrets"))) {
            assertTrue(compose.path("secrets").has(secret), "secret " + secret + " is defined");
        }
        String tokenPath = "/run/secrets/" + service.path("secrets").path(0).asText();
        assertEquals(tokenPath, option(args, "--admin-token-file"));
        assertEquals(tokenPath, inContainer(config.admin().tokenFile()), "config and flag agree");

        JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
        JsonNode job = prometheus.path("scrape_configs").path(0);
        assertEquals("/metrics", job.path("metrics_path").asText());
        assertEquals("portcullis:" + adminPort, job.path("static_configs").path(0).path("targets").path(0).asText());
        String mountedPrometheus = compose.path("services").path("prometheus").path("volumes").path(0).asText();
        assertTrue(mountedPrometheus.startsWith("./prometheus/prometheus.yml:"), mountedPrometheus);
    }

    @Test
    void kubernetes() throws Exception {
        JsonNode ds = yaml("k8s/daemonset.yaml");
        JsonNode pod = ds.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        List<String> args = strings(container.path("args"));
        assertCliParses("k8s DaemonSet args", args);

        JsonNode configMap = yaml("k8s/configmap.yaml");
        String configPath = option(args, "--config");
        String configDir = configPath.substring(0, configPath.lastIndexOf('/'));
        String configKey = configPath.substring(configPath.lastIndexOf('/') + 1);
        assertTrue(mountPathOfVolumeFrom(pod, container, "configMap", configMap.path("metadata").path("name").asText())
                .equals(configDir), "--config lies in the ConfigMap mount");
        DaemonConfig config = config("configmap " + configKey, configMap.path("data").path(configKey).asText());
        int proxyPort = config.proxy().listen().get(0).port();
        int adminPort = config.admin().listen().port();

        JsonNode ports = container.path("ports");
        assertEquals(proxyPort, ports.path(0).path("containerPort").asInt());
        assertEquals(proxyPort, ports.path(0).path("hostPort").asInt(), "one proxy per node on the node's port");
        assertEquals(adminPort, ports.path(1).path("containerPort").asInt());
        assertEquals(adminPort, container.path("readinessProbe").path("httpGet").path("port").asInt());
        assertEquals("/readyz", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals(adminPort, container.path("livenessProbe").path("httpGet").path("port").asInt());
        assertEquals("/healthz", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals(String.valueOf(adminPort), ds.path("spec").path("template").path("metadata")
                .path("annotations").path("prometheus.io/port").asText());

        String preStop = String.join(" ", strings(container.path("lifecycle").path("preStop").path("exec")
                .path("command")));
        assertTrue(preStop.contains("-X POST") && preStop.contains("http://127.0.0.1:" + adminPort + "/v1/drain"),
                preStop);
        String tokenFile = option(args, "--admin-token-file");
        assertTrue(preStop.contains("$(cat " + tokenFile + ")"), "preStop sends the token the daemon checks");
        assertEquals(tokenFile, inContainer(config.admin().tokenFile()));
        Matcher sleep = Pattern.compile("sleep (\\d+)").matcher(preStop);
        long preStopSeconds = sleep.find() ? Long.parseLong(sleep.group(1)) : 0;
        long grace = pod.path("terminationGracePeriodSeconds").asLong();
        assertTrue(grace > preStopSeconds + config.timeouts().drain().toSeconds(),
                "grace " + grace + "s must outlast preStop " + preStopSeconds + "s + drain "
                        + config.timeouts().drain().toSeconds() + "s");

        List<JsonNode> secrets = new ArrayList<>();
        YAML.readValues(YAML.createParser(DOCKER.resolve("k8s/secret.yaml").toFile()), JsonNode.class)
                .forEachRemaining(secrets::add);
        for (JsonNode secret : secrets) {
            String name = secret.path("metadata").path("name").asText();
            String mount = mountPathOfVolumeFrom(pod, container, "secret", name);
            secret.path("stringData").fieldNames().forEachRemaining(key -> {
                String path = mount + "/" + key;
                assertTrue(path.equals(tokenFile) || path.equals(inContainer(config.inspection().caCert()))
                                || path.equals(inContainer(config.inspection().caKey())),
                        "secret file " + path + " is used by the config");
            });
        }
    }

    private static String mountPathOfVolumeFrom(JsonNode pod, JsonNode container, String kind, String name) {
        String volume = null;
        for (JsonNode v : pod.path("volumes")) {
            JsonNode source = v.path(kind);
            String ref = kind.equals("secret") ? source.path("secretName").asText() : source.path("name").asText();
            if (name.equals(ref)) {
                volume = v.path("name").asText();
            }
        }
        assertTrue(volume != null, "a volume from " + kind + " " + name);
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }

    @Test
    void grafanaQueriesOnlyMetricsTheDaemonExports() throws Exception {
        String scrape;
        try (ProxyMetrics metrics = ProxyMetrics.create()) {
            // Timers and per-org gauges appear once used.
            metrics.policyDecision(1000, "network", "allow");
            metrics.policyReloaded("default", 1);
            metrics.mintListener().minted(null, 1000);
            metrics.bindActiveConnections(() -> 0);
            scrape = metrics.scrape();
        }
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]")[0]);
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/portcullis.json").toFile());
        JsonNode datasource = YAML.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml")
                .toFile()).path("datasources").path(0);
        Pattern metric = Pattern.compile("\\b((?:portcullis|jvm|process)_[a-z_]+)");
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertEquals(datasource.path("uid").asText(), panel.path("datasource").path("uid").asText());
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    String name = m.group(1);
                    // GC pauses are recorded once the first collection happened; their presence is the binder's.
                    if (!name.startsWith("jvm_gc_pause")) {
                        assertTrue(exported.contains(name), "dashboard panel '" + panel.path("title").asText()
                                + "' queries " + name + ", which the daemon does not export");
                    }
                    queried++;
                }
            }
        }
        assertTrue(queried > 20, "the dashboard queries the proxy's metrics");
    }
}
