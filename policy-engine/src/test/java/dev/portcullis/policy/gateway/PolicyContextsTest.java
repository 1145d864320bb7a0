package dev.portcullis.policy.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.Field;
import dev.portcullis.policy.FieldType;
import dev.portcullis.policy.Scheme;
import dev.portcullis.policy.rules.Phase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reused per-thread context must hold, for every selected field, exactly what a fresh complete context holds,
 * and nothing else: no value may survive from an earlier decision (on this or another selection).
 */
class PolicyContextsTest {
    private static final String[] HOSTS = {"example.net", "WWW.Example.NET.", "a.b.c.example.org", "casino.example",
        "192.0.2.10", "[2001:db8::1]", "localhost", "x.y", "bet.example", "deep.a.b.c.d.bet.example"};
    private static final String[] IPS = {"192.0.2.10", "198.51.100.20", "2001:db8::1", "10.0.0.1"};
    private static final String[] GROUP_NAMES = {"Engineering", "Sales", "Security"};

    /** Knows categories and apps for some hosts and answers null for others, as an implementation may. */
    private static final Intelligence INTEL = new Intelligence() {
        @Override
        public long[] contentCategories(String host) {
            return host.endsWith("example") ? new long[] {7, host.length()} : null;
        }

        @Override
        public long[] securityCategories(String host) {
            return host.startsWith("bet") ? new long[] {99} : new long[0];
        }

        @Override
        public String[] appIds(String host) {
            return host.contains("casino") ? new String[] {"casino-app"} : null;
        }
    };

    @Test
    void reusedContextsEqualFreshOnesOnSelectedFieldsAndHoldNothingElse() {
        long seed = 0xC0_7E_A7L;
        Random random = new Random(seed);
        List<Field> all = new ArrayList<>(GatewayScheme.scheme().fields());
        PolicyContexts everything = PolicyContexts.allFields(INTEL);
        for (int i = 0; i < 4_000; i++) {
            Set<Field> selected = new HashSet<>();
            for (Field f : all) {
                if (random.nextInt(3) == 0) {
                    selected.add(f);
                }
            }
            // Interleave a complete context between selections so any leftover value would show up.
            PolicyContexts contexts = random.nextInt(4) == 0 ? everything : PolicyContexts.forFields(selected, INTEL);
            Set<Field> expectedFields = contexts == everything ? new HashSet<>(all) : selected;
            String msg = "seed " + seed + " case " + i;
            if (random.nextBoolean()) {
                RequestFacts r = request(random);
                assertHolds(GatewayContexts.request(r, INTEL), contexts.request(r), expectedFields, msg + " " + r);
            } else {
                ConnectionFacts c = connection(random);
                assertHolds(GatewayContexts.network(c, INTEL), contexts.network(c), expectedFields, msg + " " + c);
            }
            if (random.nextInt(8) == 0) {
                everything.request(request(random));
            }
        }
    }

    @Test
    void eachThreadGetsItsOwnContext() throws Exception {
        PolicyContexts contexts = PolicyContexts.allFields(INTEL);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<ExecutionContext> task = () -> contexts.network(connection(new Random(1)));
            Future<ExecutionContext> a = pool.submit(task);
            ExecutionContext first = a.get(10, TimeUnit.SECONDS);
            ExecutionContext here = contexts.network(connection(new Random(1)));
            assertFalse(first == here, "another thread's context was handed out");
            assertSame(here, contexts.network(connection(new Random(2))), "the thread's context is reused");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fieldsOfAnotherSchemeAreRejectedByName() {
        Scheme other = Scheme.builder().add("net.dst.port", FieldType.INT, EnumSet.of(Phase.NETWORK)).build();
        Field foreign = other.field("net.dst.port").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyContexts.forFields(List.of(GatewayScheme.HTTP_HOST, foreign), INTEL));
        assertTrue(e.getMessage().contains("net.dst.port") && e.getMessage().contains("not a field of the gateway"),
                e.getMessage());
        PolicyContexts hostOnly = PolicyContexts.forFields(List.of(GatewayScheme.HTTP_HOST), null);
        assertTrue(hostOnly.fills(GatewayScheme.HTTP_HOST));
        assertFalse(hostOnly.fills(GatewayScheme.HTTP_DOMAINS));
        assertFalse(hostOnly.fills(foreign));
    }

    /** The label walk agrees with the obvious substring-by-substring one on random dotted strings. */
    @Test
    void domainsMatchTheStraightforwardSplit() {
        long seed = 0xD0_3A_15L;
        Random random = new Random(seed);
        char[] alphabet = {'a', 'b', '.', '.', '-', '1', 'X'};
        for (int i = 0; i < 20_000; i++) {
            char[] cs = new char[random.nextInt(12)];
            for (int k = 0; k < cs.length; k++) {
                cs[k] = alphabet[random.nextInt(alphabet.length)];
            }
            String host = new String(cs);
            assertArrayEquals(straightforward(host), GatewayContexts.domains(host), "seed " + seed + " host '"
                    + host + "'");
        }
    }

    private static String[] straightforward(String host) {
        String h = GatewayContexts.normalizeHost(host);
        if (h.isEmpty()) {
            return new String[0];
        }
        if (h.contains(":") || h.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return new String[] {h};
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < h.length()) {
            out.add(h.substring(from));
            int dot = h.indexOf('.', from);
            if (dot < 0) {
                break;
            }
            from = dot + 1;
        }
        return out.toArray(new String[0]);
    }

    private static void assertHolds(ExecutionContext fresh, ExecutionContext reused, Set<Field> selected,
                                    String msg) {
        for (Field f : GatewayScheme.scheme().fields()) {
            int i = f.index();
            String where = msg + " field " + f.name();
            if (!selected.contains(f)) {
                assertFalse(reused.has(i), where + " is not selected but holds a value");
                continue;
            }
            assertEquals(fresh.has(i), reused.has(i), where + " presence");
            if (!fresh.has(i)) {
                continue;
            }
            switch (f.type()) {
                case INT, BOOL -> assertEquals(fresh.longAt(i), reused.longAt(i), where);
                case IP -> {
                    assertEquals(fresh.hiAt(i), reused.hiAt(i), where);
                    assertEquals(fresh.longAt(i), reused.longAt(i), where);
                }
                default -> assertTrue(sameValue(fresh.objAt(i), reused.objAt(i)), where + ": "
                        + show(fresh.objAt(i)) + " vs " + show(reused.objAt(i)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean sameValue(Object a, Object b) {
        if (a instanceof String[] x && b instanceof String[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof long[] x && b instanceof long[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Map<String, String[]> m = (Map<String, String[]>) x;
            Map<String, String[]> n = (Map<String, String[]>) y;
            return m.keySet().equals(n.keySet())
                    && m.keySet().stream().allMatch(k -> Arrays.equals(m.get(k), n.get(k)));
        }
        return Objects.equals(a, b);
    }

    private static String show(Object o) {
        if (o instanceof String[] s) {
            return Arrays.toString(s);
        }
        if (o instanceof long[] l) {
            return Arrays.toString(l);
        }
        return String.valueOf(o);
    }

    private static RequestFacts request(Random random) {
        ConnectionFacts c = connection(random);
        String host = random.nextInt(3) == 0 ? pick(random, HOSTS) : c.dstHost();
        return new RequestFacts(c, random.nextBoolean() ? "GET" : "POST", "https", host, 443,
                random.nextBoolean() ? "/p/" + random.nextInt(9) : null, random.nextBoolean() ? null : "q=1",
                "HTTP/1.1", random.nextBoolean() ? null : Map.of("user-agent", List.of("t/" + random.nextInt(5)),
                "accept", List.of("*/*", "text/html")), random.nextBoolean() ? null : "image/png");
    }

    private static ConnectionFacts connection(Random random) {
        String host = pick(random, HOSTS);
        List<Identity.Group> groups = new ArrayList<>();
        for (int g = random.nextInt(3); g > 0; g--) {
            String name = pick(random, GROUP_NAMES);
            groups.add(new Identity.Group(random.nextBoolean() ? null : "id-" + name, name,
                    random.nextBoolean() ? null : name.toLowerCase() + "@corp.example"));
        }
        Identity id = random.nextInt(4) == 0 ? Identity.ANONYMOUS : new Identity("u" + random.nextInt(9)
                + "@corp.example", random.nextBoolean() ? null : "User", groups, null,
                random.nextBoolean() ? Set.of("disk") : Set.of(), random.nextBoolean() ? Set.of("fw", "av") : Set.of());
        String sni = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> host;
            default -> pick(random, HOSTS);
        };
        return new ConnectionFacts(ip(pick(random, IPS)), 40_000 + random.nextInt(1000), host,
                random.nextInt(5) == 0 ? null : ip(pick(random, IPS)), random.nextBoolean() ? 443 : 22, sni,
                random.nextBoolean() ? null : "udp", random.nextBoolean() ? null : "main", id);
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
