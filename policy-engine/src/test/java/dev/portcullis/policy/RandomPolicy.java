package dev.portcullis.policy;

import static dev.portcullis.policy.gateway.GatewayScheme.*;

import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyLists;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of Gateway expressions (every operator, function, field kind and list type) and of contexts
 * drawn from the same small value pools, so that random conditions actually hit.
 */
final class RandomPolicy {
    static final PolicyLists LISTS = PolicyLists.builder()
            .add("doms", "11111111-2222-4333-8444-555555555555", ListType.DOMAIN,
                    List.of("a.example", "example", "x.test"))
            .add("doms2", null, ListType.DOMAIN, List.of("b.a.example", "EXAMPLE.com.", "example"))
            .add("ips", null, ListType.IP, List.of("10.0.0.0/24", "2001:db8::/32", "192.0.2.10"))
            .add("mails", null, ListType.EMAIL, List.of("Alice@corp.example", "bob@corp.example"))
            .add("urls", null, ListType.URL, List.of("https://a.example/admin", "x.test/"))
            .add("serials", null, ListType.SERIAL, List.of("SN-1", "staff"))
            .build();

    static final String[] HOSTS = {"a.example", "b.a.example", "example", "x.test", "example.com", "EXAMPLE.com",
        "c.b.a.example", "10.0.0.5", "", "ä.example"};
    static final String[] STRINGS = {"a", "example", "A.EXAMPLE", "/admin", "GET", "POST", "Security", "Staff",
        "", "x.test", "a.example", "alice@corp.example", "HTTP/1.1", "image/png", "%41dmin", "staff", "SN-1"};
    static final String[] PATHS = {"/", "/admin", "/a/b", "/%41dmin", "/x.test/", "/A/B/c"};
    static final long[] INTS = {0, 1, 7, 22, 80, 99, 443, 8080, 65535, -1};
    static final String[] IPS = {"10.0.0.1", "10.0.0.200", "10.0.1.1", "192.0.2.10", "2001:db8::1", "::1",
        "198.51.100.7", "::ffff:10.0.0.1"};
    static final String[] IP_SETS = {"10.0.0.0/24", "192.0.2.10", "10.0.0.1..10.0.0.9", "2001:db8::/32", "::/0",
        "0.0.0.0/0", "198.51.100.0/25"};
    static final String[] REGEXES = {"^a", "example$", "[0-9]+", "a.*b", "(?i)EXAMPLE", "^/adm", "^/admin/[0-9]+",
        "a\\\\.example", "exx?ample", "(ex)?ample", "[a]example", "\\\\.test$", "ab{0,2}c"};
    static final String[] WILDCARDS = {"*.example", "A*", "*a*e*", "b.a.example", "*", "", "*\\\\*", "x.*", "*/*"};
    static final String[] BYTES_FIELDS = {"http.request.host", "net.sni.host", "identity.email", "identity.name",
        "http.request.uri.path", "http.request.uri.query", "http.request.method", "http.request.version",
        "http.upload.mime", "net.protocol", "proxy.endpoint", "http.request.uri", "http.request.uri.path_and_query"};
    static final String[] INT_FIELDS = {"net.dst.port", "net.src.port", "http.conn.dst_port"};
    static final String[] IP_FIELDS = {"net.src.ip", "net.dst.ip", "http.conn.src_ip", "http.conn.dst_ip"};
    static final String[] BYTES_ARRAYS = {"http.request.domains", "net.sni.domains", "identity.groups.name",
        "identity.groups.id", "identity.groups.email", "device_posture.checks.passed",
        "device_posture.checks.failed", "app.ids", "http.request.headers[\"x-a\"]"};
    static final String[] INT_ARRAYS = {"http.request.uri.content_category", "http.request.uri.security_category"};
    static final String[] STRING_LISTS = {"$doms", "$doms2", "$mails", "$urls", "$serials",
        "$11111111-2222-4333-8444-555555555555"};

    private final Random r;

    RandomPolicy(Random r) {
        this.r = r;
    }

    private <T> T pick(T[] a) {
        return a[r.nextInt(a.length)];
    }

    private String quote(String s) {
        if (r.nextInt(6) == 0 && !s.contains("\"#")) {
            return "r#\"" + s + "\"#";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    String cond(int depth) {
        int k = depth <= 0 ? r.nextInt(9) : r.nextInt(14);
        return switch (k) {
            case 0 -> bytesValue() + " " + pick(new String[] {"==", "eq", "!=", "ne", "<", ">=", "contains", "gt",
                "le"}) + " " + quote(r.nextBoolean() ? pick(STRINGS) : pick(HOSTS));
            case 1 -> bytesValue() + " " + pick(new String[] {"matches", "~"}) + " " + quote(pick(REGEXES));
            case 2 -> bytesValue() + " " + pick(new String[] {"wildcard", "strict wildcard"}) + " "
                    + quote(pick(WILDCARDS));
            case 3 -> bytesValue() + " in {" + bytesSet() + "}";
            case 4 -> pick(BYTES_FIELDS) + " in " + pick(STRING_LISTS);
            case 5 -> intValue() + " " + pick(new String[] {"==", "!=", "<", "<=", ">", ">=", "lt", "ge"}) + " "
                    + intLiteral();
            case 6 -> intValue() + " in {" + intSet() + "}";
            case 7 -> pick(IP_FIELDS) + (r.nextBoolean() ? " in {" + ipSet() + "}"
                    : r.nextBoolean() ? " in $ips" : " " + pick(new String[] {"==", "!=", ">", "<="}) + " "
                    + pick(IPS));
            case 8 -> quantified();
            case 9 -> pick(new String[] {"not ", "!", "not(", "! "}) .trim().endsWith("(")
                    ? "not(" + cond(depth - 1) + ")" : pick(new String[] {"not ", "!"}) + "(" + cond(depth - 1) + ")";
            case 10 -> cond(depth - 1) + " " + pick(new String[] {"and", "&&"}) + " " + cond(depth - 1);
            case 11 -> cond(depth - 1) + " " + pick(new String[] {"or", "||"}) + " " + cond(depth - 1);
            case 12 -> cond(depth - 1) + " " + pick(new String[] {"xor", "^^"}) + " " + cond(depth - 1);
            default -> "(" + cond(depth - 1) + ")";
        };
    }

    private String quantified() {
        String fn = r.nextInt(4) == 0 ? "all" : "any";
        if (r.nextInt(3) == 0) {
            String arr = pick(INT_ARRAYS) + "[*]";
            return fn + "(" + arr + (r.nextBoolean() ? " in {" + intSet() + "}" : " == " + intLiteral()) + ")";
        }
        String arr = pick(BYTES_ARRAYS);
        if (arr.equals("identity.groups.name") && r.nextBoolean()) {
            arr = "identity.groups[*].name";
        } else {
            arr = arr + "[*]";
        }
        String el = switch (r.nextInt(6)) {
            case 0 -> "lower(" + arr + ")";
            case 1 -> arr;
            default -> arr;
        };
        String body = switch (r.nextInt(6)) {
            case 0 -> el + " in " + pick(STRING_LISTS);
            case 1 -> el + " in {" + bytesSet() + "}";
            case 2 -> el + " == " + quote(pick(r.nextBoolean() ? HOSTS : STRINGS));
            case 3 -> el + " wildcard " + quote(pick(WILDCARDS));
            case 4 -> "starts_with(" + el + ", " + quote(pick(STRINGS)) + ")";
            default -> el + " contains " + quote(pick(STRINGS)) + " or " + el + " == " + quote(pick(HOSTS));
        };
        return fn + "(" + body + ")";
    }

    private String bytesValue() {
        String f = pick(BYTES_FIELDS);
        return switch (r.nextInt(10)) {
            case 0 -> "lower(" + f + ")";
            case 1 -> "upper(" + f + ")";
            case 2 -> "url_decode(" + f + ")";
            case 3 -> "concat(" + f + ", " + quote(pick(STRINGS)) + ")";
            case 4 -> "http.request.headers[\"" + pick(new String[] {"x-a", "X-A", "host", "none"}) + "\"]["
                    + r.nextInt(3) + "]";
            default -> f;
        };
    }

    private String intValue() {
        return switch (r.nextInt(6)) {
            case 0 -> "len(" + pick(BYTES_FIELDS) + ")";
            case 1 -> "len(" + pick(BYTES_ARRAYS) + ")";
            case 2 -> pick(INT_ARRAYS) + "[" + r.nextInt(3) + "]";
            default -> pick(INT_FIELDS);
        };
    }

    private String intLiteral() {
        long v = INTS[r.nextInt(INTS.length)];
        return switch (r.nextInt(5)) {
            case 0 -> v >= 0 ? "\"" + v + "\"" : String.valueOf(v);
            case 1 -> v >= 0 ? "0x" + Long.toHexString(v) : String.valueOf(v);
            default -> String.valueOf(v);
        };
    }

    private String bytesSet() {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : r.nextBoolean() ? " " : ", ").append(quote(r.nextBoolean() ? pick(HOSTS)
                    : pick(STRINGS)));
        }
        return sb.toString();
    }

    private String intSet() {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            long a = INTS[r.nextInt(INTS.length)];
            sb.append(i == 0 ? "" : " ");
            if (r.nextInt(3) == 0 && a >= 0) {
                sb.append(a).append("..").append(a + r.nextInt(500));
            } else {
                sb.append(a);
            }
        }
        return sb.toString();
    }

    private String ipSet() {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(r.nextBoolean() ? pick(IP_SETS) : pick(IPS));
        }
        return sb.toString();
    }

    /** A context with every Gateway field drawn from the pools, some left absent. */
    ExecutionContext context() {
        ExecutionContext ctx = scheme().newContext();
        for (Field f : scheme().fields()) {
            if (r.nextInt(10) == 0) {
                continue;
            }
            switch (f.type()) {
                case BOOL -> ctx.setBool(f, r.nextBoolean());
                case INT -> ctx.setInt(f, INTS[r.nextInt(INTS.length)]);
                case IP -> ctx.setIp(f, ip(pick(IPS)));
                case BYTES -> ctx.setBytes(f, f == HTTP_PATH ? pick(PATHS) : r.nextBoolean() ? pick(HOSTS)
                        : pick(STRINGS));
                case BYTES_ARRAY -> ctx.setBytesArray(f, f == HTTP_DOMAINS || f == NET_SNI_DOMAINS
                        ? List.of(dev.portcullis.policy.gateway.GatewayContexts.domains(pick(HOSTS)))
                        : randomStrings());
                case INT_ARRAY -> {
                    long[] v = new long[r.nextInt(4)];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = INTS[r.nextInt(INTS.length)];
                    }
                    ctx.setIntArray(f, v);
                }
                case BYTES_ARRAY_MAP -> ctx.setBytesMap(f, r.nextBoolean() ? Map.of("x-a", randomStrings(),
                        "host", List.of(pick(HOSTS))) : Map.of());
            }
        }
        return ctx;
    }

    private List<String> randomStrings() {
        int n = r.nextInt(4);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextBoolean() ? pick(STRINGS) : pick(HOSTS);
        }
        return List.of(out);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
