package dev.portcullis.benchmarks;

import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.policy.gateway.RequestFacts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic (seeded) large policy document in the shape real organisations write: mostly host, domain and
 * category rules, some path regexes, IP and identity rules, and big lists (1,000,000 domains and 100,000 CIDRs in
 * total by default), plus request and connection facts that hit and miss those rules.
 */
final class PolicyGenerator {
    static final int DEFAULT_RULES = 1_000;
    static final int DEFAULT_DOMAINS = 1_000_000;
    static final int DEFAULT_CIDRS = 100_000;
    static final int DOMAIN_LISTS = 20;
    static final int CIDR_LISTS = 10;
    private static final String[] TLDS = {"com", "net", "org", "io", "example", "co.uk", "de"};
    private static final int[] PREFIXES = {16, 20, 22, 24, 24, 24};
    private static final int CATEGORY_BASE = 1000;
    private static final int CATEGORIES = 200;
    private static final int CATEGORISED_DOMAINS = 20_000;
    private static final String[] GROUPS = {"Engineering", "Sales", "Security", "Finance", "Support", "Legal"};

    /** The generated document plus facts; {@code blockedHosts} are list members a test can expect to be blocked. */
    record Generated(byte[] json, byte[] intelligenceJson, int ruleCount, List<RequestFacts> requests, List<ConnectionFacts> connections,
            List<String> listedHosts) {
    }

    private final Random random;
    private final int rules;
    private final int domains;
    private final int cidrs;
    private final List<String> sampleListed = new ArrayList<>();
    private final List<String> ruleHosts = new ArrayList<>();
    private final List<String> regexHosts = new ArrayList<>();
    private final List<long[]> sampleCidrs = new ArrayList<>();
    private final List<String> categorised = new ArrayList<>();

    PolicyGenerator(long seed, int rules, int domains, int cidrs) {
        this.random = new Random(seed);
        this.rules = rules;
        this.domains = domains;
        this.cidrs = cidrs;
    }

    static Generated standard(long seed) {
        return new PolicyGenerator(seed, DEFAULT_RULES, DEFAULT_DOMAINS, DEFAULT_CIDRS).generate(10_000);
    }

    Generated generate(int factCount) {
        StringBuilder sb = new StringBuilder(domains * 40 + cidrs * 36 + rules * 200);
        sb.append("{\n\"settings\": {\"tls_decrypt\": {\"enabled\": true}, \"default_action\": \"allow\"},\n");
        sb.append("\"lists\": [\n");
        boolean first = true;
        for (int l = 0; l < DOMAIN_LISTS; l++) {
            first = list(sb, first, "domains_" + l, "DOMAIN", domains / DOMAIN_LISTS, this::domainItem);
        }
        for (int l = 0; l < CIDR_LISTS; l++) {
            first = list(sb, first, "cidrs_" + l, "IP", cidrs / CIDR_LISTS, this::cidrItem);
        }
        sb.append("],\n\"rules\": [\n");
        for (int i = 0; i < rules; i++) {
            if (i > 0) {
                sb.append(",\n");
            }
            rule(sb, i);
        }
        sb.append("\n]\n}\n");
        byte[] intel = intelligence();
        return new Generated(sb.toString().getBytes(StandardCharsets.UTF_8), intel, rules, requests(factCount),
                connections(factCount), List.copyOf(sampleListed));
    }

    private interface ItemMaker {
        String make(int listIndex, int itemIndex);
    }

    private boolean list(StringBuilder sb, boolean first, String name, String type, int size, ItemMaker maker) {
        if (!first) {
            sb.append(",\n");
        }
        sb.append("{\"name\": \"").append(name).append("\", \"type\": \"").append(type).append("\", \"items\": [");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"value\":\"").append(maker.make(0, i)).append("\"}");
        }
        sb.append("]}");
        return false;
    }

    private String domainItem(int list, int i) {
        String d = label(6 + random.nextInt(8)) + "." + TLDS[random.nextInt(TLDS.length)];
        if (random.nextInt(1000) == 0 && sampleListed.size() < 2000) {
            sampleListed.add(d);
        }
        return d;
    }

    private String cidrItem(int list, int i) {
        int a = 11 + random.nextInt(180);
        int b = random.nextInt(256);
        int c = random.nextInt(256);
        int prefix = PREFIXES[random.nextInt(PREFIXES.length)];
        c &= (0xff << (24 - prefix)) & 0xff;
        if (random.nextInt(1000) == 0 && sampleCidrs.size() < 200) {
            sampleCidrs.add(new long[] {a, b, c});
        }
        return a + "." + b + "." + c + ".0/" + prefix;
    }

    private String label(int len) {
        char[] cs = new char[len];
        for (int i = 0; i < len; i++) {
            cs[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(cs);
    }

    /** Rule mix: 55% host/domain sets, 15% categories, 10% path regexes, 10% identity, 5% lists, 5% l4/IP. */
    private void rule(StringBuilder sb, int i) {
        int kind = random.nextInt(100);
        String filter = "http";
        String action = random.nextInt(4) == 0 ? "allow" : "block";
        String traffic;
        String identity = "";
        if (i < DOMAIN_LISTS) {
            traffic = "any(http.request.domains[*] in $domains_" + i + ")";
        } else if (i < DOMAIN_LISTS + CIDR_LISTS) {
            filter = "l4";
            traffic = "net.dst.ip in $cidrs_" + (i - DOMAIN_LISTS) + " and net.dst.port in {22 3389 5900}";
        } else if (kind < 55) {
            StringBuilder set = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int k = 0; k < n; k++) {
                String h = label(5 + random.nextInt(6)) + "." + TLDS[random.nextInt(TLDS.length)];
                ruleHosts.add(h);
                set.append(k > 0 ? " " : "").append('"').append(h).append('"');
            }
            traffic = random.nextBoolean() ? "http.request.host in {" + set + "}"
                    : "any(http.request.domains[*] in {" + set + "})";
        } else if (kind < 70) {
            traffic = "any(http.request.uri.content_category[*] in {" + (CATEGORY_BASE + random.nextInt(CATEGORIES)) + "})";
        } else if (kind < 80) {
            String h = label(7) + ".example";
            regexHosts.add(h);
            traffic = "http.request.host == \"" + h + "\" and http.request.uri.path matches \"^/api/v[0-9]+/"
                    + label(4) + "(/.*)?$\"";
        } else if (kind < 90) {
            String h = label(6) + ".com";
            ruleHosts.add(h);
            traffic = "http.request.host == \"" + h + "\"";
            identity = "any(identity.groups.name[*] in {\"" + GROUPS[random.nextInt(GROUPS.length)] + "\"})";
        } else if (kind < 95) {
            traffic = "any(http.request.domains[*] in $domains_" + random.nextInt(DOMAIN_LISTS)
                    + ") and http.request.method == \"POST\"";
        } else {
            filter = "l4";
            action = "block";
            traffic = "net.dst.ip in {" + (11 + random.nextInt(180)) + "." + random.nextInt(256) + ".0.0/16}"
                    + " and net.dst.port == " + (1024 + random.nextInt(60000));
        }
        sb.append("{\"id\": \"r").append(i).append("\", \"name\": \"rule ").append(i)
                .append("\", \"precedence\": ").append((i + 1) * 10)
                .append(", \"action\": \"").append(action).append("\", \"filters\": [\"").append(filter)
                .append("\"], \"traffic\": \"").append(traffic.replace("\"", "\\\"")).append('"');
        if (!identity.isEmpty()) {
            sb.append(", \"identity\": \"").append(identity.replace("\"", "\\\"")).append('"');
        }
        sb.append('}');
    }

    /** Categories {@value #CATEGORY_BASE}.. for a set of random domains, in the intelligence file format. */
    private byte[] intelligence() {
        StringBuilder sb = new StringBuilder("{\"categories\": {");
        for (int c = 0; c < CATEGORIES; c++) {
            sb.append(c > 0 ? "," : "").append('"').append(CATEGORY_BASE + c).append("\": \"Category ").append(c)
                    .append('"');
        }
        sb.append("},\n\"domains\": {");
        for (int i = 0; i < CATEGORISED_DOMAINS; i++) {
            String d = label(9) + "." + TLDS[random.nextInt(TLDS.length)];
            categorised.add(d);
            sb.append(i > 0 ? ",\n" : "").append('"').append(d).append("\": [")
                    .append(CATEGORY_BASE + random.nextInt(CATEGORIES)).append(']');
        }
        sb.append("}}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<RequestFacts> requests(int count) {
        List<RequestFacts> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String host;
            String path = "/";
            int pick = random.nextInt(100);
            if (pick < 20 && !sampleListed.isEmpty()) {
                host = (random.nextBoolean() ? "www." : "") + sampleListed.get(random.nextInt(sampleListed.size()));
            } else if (pick < 40 && !ruleHosts.isEmpty()) {
                host = ruleHosts.get(random.nextInt(ruleHosts.size()));
            } else if (pick < 50 && !categorised.isEmpty()) {
                host = categorised.get(random.nextInt(categorised.size()));
            } else if (pick < 60 && !regexHosts.isEmpty()) {
                host = regexHosts.get(random.nextInt(regexHosts.size()));
                path = "/api/v" + random.nextInt(3) + "/" + label(4);
            } else {
                host = label(4) + "." + label(8) + "." + TLDS[random.nextInt(TLDS.length)];
                path = "/" + label(6) + "/" + label(3);
            }
            ConnectionFacts c = connection(host, 443, ip(10, random.nextInt(256), random.nextInt(256), 7));
            out.add(new RequestFacts(c, random.nextInt(5) == 0 ? "POST" : "GET", "https", host, 443, path,
                    random.nextBoolean() ? null : "q=" + label(5), "HTTP/1.1",
                    Map.of("user-agent", List.of("bench/1.0"), "accept", List.of("*/*")), null));
        }
        return out;
    }

    private List<ConnectionFacts> connections(int count) {
        List<ConnectionFacts> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            InetAddress dst;
            int port = random.nextInt(3) == 0 ? 22 : 443;
            if (random.nextBoolean() && !sampleCidrs.isEmpty()) {
                long[] c = sampleCidrs.get(random.nextInt(sampleCidrs.size()));
                dst = ip((int) c[0], (int) c[1], (int) c[2], 1 + random.nextInt(250));
            } else {
                dst = ip(11 + random.nextInt(180), random.nextInt(256), random.nextInt(256), 1 + random.nextInt(250));
            }
            String host = random.nextBoolean() && !sampleListed.isEmpty()
                    ? sampleListed.get(random.nextInt(sampleListed.size())) : label(8) + ".net";
            out.add(connection(host, port, dst));
        }
        return out;
    }

    private ConnectionFacts connection(String host, int port, InetAddress dst) {
        List<Identity.Group> groups = List.of(new Identity.Group("g" + random.nextInt(6),
                GROUPS[random.nextInt(GROUPS.length)], null));
        Identity id = new Identity("user" + random.nextInt(100) + "@corp.example", "User", groups, null, Set.of(),
                Set.of());
        return new ConnectionFacts(ip(10, 1, random.nextInt(256), random.nextInt(256)), 40000 + random.nextInt(20000),
                host, dst, port, host, "tcp", "default", id);
    }

    private static InetAddress ip(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("4 bytes is always a valid IPv4 address", e);
        }
    }
}
