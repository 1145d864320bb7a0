package dev.portcullis.policy.measure;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.GatewayContexts;
import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.policy.gateway.Intelligence;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyLists;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.EvaluationMode;
import dev.portcullis.policy.rules.Phase;
import dev.portcullis.policy.rules.RuleSet;
import dev.portcullis.policy.rules.RuleSource;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Not a test: a quick sizing run of the target policy (1,000 rules, 1,000,000 list domains, 100,000 CIDRs) to
 * check the engine's design before the JMH suite in benchmarks/. Run with the test classpath:
 * {@code java -cp target/classes:target/test-classes:re2j.jar dev.portcullis.policy.measure.EngineMeasure}.
 */
public final class EngineMeasure {
    private EngineMeasure() {
    }

    /** Pass "indexed" to replace the 50 host-less path-regex rules (evaluated on every decision) by host-keyed ones. */
    public static void main(String[] args) throws Exception {
        boolean allIndexed = args.length > 0 && args[0].equals("indexed");
        Random r = new Random(42);
        List<List<String>> domainLists = new ArrayList<>();
        for (int l = 0; l < 100; l++) {
            List<String> items = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++) {
                items.add("d" + i + "-l" + l + ".example" + (i % 7) + ".com");
            }
            domainLists.add(items);
        }
        List<List<String>> ipLists = new ArrayList<>();
        for (int l = 0; l < 10; l++) {
            List<String> items = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++) {
                items.add((l * 20 + 1) + "." + (i >> 8 & 255) + "." + (i & 255) + ".0/24");
            }
            ipLists.add(items);
        }
        for (int warm = 0; warm < 2; warm++) {
            long w0 = System.nanoTime();
            PolicyLists.Builder wb = PolicyLists.builder();
            for (int l = 0; l < 100; l++) {
                wb.add("dl" + l, null, ListType.DOMAIN, domainLists.get(l));
            }
            for (int l = 0; l < 10; l++) {
                wb.add("ip" + l, null, ListType.IP, ipLists.get(l));
            }
            wb.build();
            System.out.printf("lists build round %d: %.0f ms%n", warm, (System.nanoTime() - w0) / 1e6);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        PolicyLists.Builder lb = PolicyLists.builder();
        for (int l = 0; l < 100; l++) {
            lb.add("dl" + l, null, ListType.DOMAIN, domainLists.get(l));
        }
        long tDomains = System.nanoTime();
        for (int l = 0; l < 10; l++) {
            lb.add("ip" + l, null, ListType.IP, ipLists.get(l));
        }
        long tIps = System.nanoTime();
        PolicyLists lists = lb.build();
        System.out.printf("list add: domains %.0f ms, cidrs %.0f ms, build %.0f ms%n", (tDomains - t0) / 1e6,
                (tIps - tDomains) / 1e6, (System.nanoTime() - tIps) / 1e6);
        long t1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        List<RuleSource> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String cond;
            int kind = i % 20;
            if (kind < 8) {
                cond = "any(http.request.domains[*] in $dl" + (i % 100) + ")";
            } else if (kind < 13) {
                cond = "http.request.host in {\"h" + i + ".example\" \"w" + i + ".example\"} or "
                        + "any(http.request.domains[*] == \"z" + i + ".example\")";
            } else if (kind < 15) {
                cond = "any(http.request.uri.content_category[*] in {" + (i % 150) + "})";
            } else if (kind < 17) {
                cond = "net.dst.ip in $ip" + (i % 10);
            } else if (kind == 17) {
                cond = "http.request.host == \"r" + i + ".example\" and http.request.uri.path matches \"^/p" + i
                        + "/[a-z]+$\"";
            } else if (kind == 18) {
                cond = "any(identity.groups.name[*] in {\"g" + i + "\"}) and http.request.method == \"POST\"";
            } else if (allIndexed) {
                cond = "http.request.host == \"q" + i + ".example\" and http.request.uri.path matches \"^/admin/\"";
            } else {
                cond = "http.request.uri.path matches \"^/admin/[0-9]+/" + i + "\"";
            }
            rules.add(new RuleSource("id" + i, "rule " + i, i * 10, i % 2 == 0 ? Action.BLOCK : Action.ALLOW, null,
                    List.of(new RuleSource.Condition("traffic", cond))));
        }
        long t2 = System.nanoTime();
        long c2 = mx.getCurrentThreadCpuTime();
        RuleSet compiled = RuleSet.compile(Phase.HTTP, rules, GatewayScheme.scheme(), lists,
                ParserSettings.defaults(), EvaluationMode.COMPILED);
        long t3 = System.nanoTime();
        long c3 = mx.getCurrentThreadCpuTime();
        System.out.printf("CPU time: lists %.0f ms, compile %.0f ms (the machine is shared; wall times above include "
                + "waiting for a core)%n", (c1 - c0) / 1e6, (c3 - c2) / 1e6);
        RuleSet reference = RuleSet.compile(Phase.HTTP, rules, GatewayScheme.scheme(), lists,
                ParserSettings.defaults(), EvaluationMode.REFERENCE);
        System.out.printf("lists built %.0f ms; compile 1000 rules %.0f ms (compiled), index covers %d rules%n",
                (t1 - t0) / 1e6, (t3 - t2) / 1e6, compiled.indexedRules());
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("heap used after GC (lists + both rule sets): %.0f MB%n",
                (rt.totalMemory() - rt.freeMemory()) / 1e6);

        Intelligence intel = new Intelligence() {
            @Override
            public long[] contentCategories(String host) {
                return new long[] {Math.floorMod(host.hashCode(), 300)};
            }

            @Override
            public long[] securityCategories(String host) {
                return new long[0];
            }

            @Override
            public String[] appIds(String host) {
                return new String[0];
            }
        };
        ExecutionContext[] ctxs = new ExecutionContext[1024];
        int hits = 0;
        for (int i = 0; i < ctxs.length; i++) {
            String host = switch (i % 4) {
                case 0 -> "www.d" + r.nextInt(20_000) + "-l" + r.nextInt(100) + ".example" + r.nextInt(7) + ".com";
                case 1 -> "h" + r.nextInt(2000) + ".example";
                default -> "miss" + r.nextInt(1_000_000) + ".cdn.example.org";
            };
            String ip = (r.nextInt(250) + 1) + "." + r.nextInt(256) + "." + r.nextInt(256) + ".7";
            ConnectionFacts cf = new ConnectionFacts(InetAddress.getByName("10.0.0.1"), 50000, host,
                    InetAddress.getByName(ip), 443, host, "tcp", "main",
                    new Identity("u@corp.example", "U", List.of(new Identity.Group("1", "g" + r.nextInt(2000), null)),
                            null, Set.of(), Set.of()));
            ctxs[i] = GatewayContexts.request(new RequestFacts(cf, i % 3 == 0 ? "POST" : "GET", "https", host, 443,
                    "/admin/" + r.nextInt(100) + "/x", null, "HTTP/1.1", Map.of(), null), intel);
            if (compiled.firstMatch(ctxs[i]).isPresent()) {
                hits++;
            }
            if (!compiled.firstMatch(ctxs[i]).map(x -> x.name()).equals(reference.firstMatch(ctxs[i]).map(x -> x.name()))) {
                throw new AssertionError("compiled and reference disagree on context " + i + ": " + compiled.firstMatch(ctxs[i]) + " vs " + reference.firstMatch(ctxs[i]) + " host " + host + " ip " + ip);
            }
        }
        System.out.printf("contexts: %d, matching a rule: %d%n", ctxs.length, hits);
        report("compiled", compiled, ctxs, 2_000_000);
        report("reference", reference, ctxs, 20_000);
        long sum = 0;
        for (ExecutionContext c : ctxs) {
            sum += compiled.candidateCount(c);
        }
        System.out.printf("mean candidate rules per decision: %.1f of %d%n", sum / (double) ctxs.length,
                compiled.size());
    }

    private static void report(String name, RuleSet set, ExecutionContext[] ctxs, int n) {
        long[] lat = new long[n];
        int sink = 0;
        for (int i = 0; i < n; i++) {
            sink += set.firstMatch(ctxs[i & 1023]).isPresent() ? 1 : 0;
        }
        for (int i = 0; i < n; i++) {
            ExecutionContext c = ctxs[i & 1023];
            long s = System.nanoTime();
            sink += set.firstMatch(c).isPresent() ? 1 : 0;
            lat[i] = System.nanoTime() - s;
        }
        Arrays.sort(lat);
        System.out.printf("%s: p50 %d ns, p90 %d ns, p99 %d ns (sink %d)%n", name, lat[n / 2], lat[n * 9 / 10],
                lat[n * 99 / 100], sink);
    }
}
