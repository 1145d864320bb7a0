package dev.portcullis.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The rules that span organisations: unique ids and endpoint names, one policy source each, listeners that exist,
 * and attribution that cannot be ambiguous (source ranges of different organisations on one listener never overlap;
 * organisations sharing a listener without ranges must be told apart by credentials, which then must be unique).
 */
final class OrgsCheck {

    private OrgsCheck() {
    }

    /** An endpoint with where it sits in the file. */
    private record At(int org, int endpoint, OrgSection o, EndpointSection e) {
        String pointer() {
            return "/orgs/" + org + "/endpoints/" + endpoint;
        }
    }

    static void run(DaemonConfig c, List<CrossCheck.Violation> out) {
        List<OrgSection> orgs = c.orgs();
        if (orgs.isEmpty()) {
            return;
        }
        topLevel(c, out);
        Map<String, String> ids = new HashMap<>();
        Map<String, String> endpointNames = new HashMap<>();
        Map<String, List<At>> byListener = new LinkedHashMap<>();
        for (int i = 0; i < orgs.size(); i++) {
            OrgSection o = orgs.get(i);
            String first = ids.putIfAbsent(o.id(), "/orgs/" + i + "/id");
            if (first != null) {
                out.add(new CrossCheck.Violation("/orgs/" + i + "/id", "duplicate organisation id '" + o.id()
                        + "' (also " + first + ")"));
            }
            policy(i, o, out);
            for (int k = 0; k < o.endpoints().size(); k++) {
                At at = new At(i, k, o, o.endpoints().get(k));
                String firstName = endpointNames.putIfAbsent(at.e().name(), at.pointer() + "/name");
                if (firstName != null) {
                    out.add(new CrossCheck.Violation(at.pointer() + "/name", "duplicate endpoint name '"
                            + at.e().name() + "' (also " + firstName + "); policy tells endpoints apart by name"));
                }
                if (at.e().listener().equals(EndpointSection.HTTPS) && c.proxy().tlsListen().isEmpty()) {
                    out.add(new CrossCheck.Violation(at.pointer() + "/listener", "'https' names the HTTPS "
                            + "listener, but proxy.tls_listen is not set"));
                    continue;
                }
                byListener.computeIfAbsent(at.e().listener(), l -> new ArrayList<>()).add(at);
            }
        }
        unusedListener(EndpointSection.HTTP, "proxy.listen", byListener, out);
        if (c.proxy().tlsListen().isPresent()) {
            unusedListener(EndpointSection.HTTPS, "proxy.tls_listen", byListener, out);
        }
        byListener.forEach((listener, ats) -> {
            overlaps(listener, ats, out);
            catchAlls(listener, ats, out);
        });
        tokens(orgs, out);
    }

    private static void topLevel(DaemonConfig c, List<CrossCheck.Violation> out) {
        String why = " is not used when orgs are configured: each organisation names its own in orgs[].";
        c.policy().file().ifPresent(f -> out.add(new CrossCheck.Violation("/policy/file", "policy.file" + why
                + "policy.file; move it there")));
        c.policy().url().ifPresent(f -> out.add(new CrossCheck.Violation("/policy/url", "policy.url" + why
                + "policy.url; move it there")));
        c.auth().usersFile().ifPresent(f -> out.add(new CrossCheck.Violation("/auth/users_file", "auth.users_file"
                + why + "auth.users_file; move it there")));
        if (!c.auth().deviceTokens().isEmpty()) {
            out.add(new CrossCheck.Violation("/auth/device_tokens", "auth.device_tokens" + why
                    + "auth.device_tokens; move them there"));
        }
    }

    private static void policy(int i, OrgSection o, List<CrossCheck.Violation> out) {
        String at = "/orgs/" + i + "/policy";
        if (o.policyFile().isPresent() && o.policyUrl().isPresent()) {
            out.add(new CrossCheck.Violation(at + "/url", "file and url exclude each other; set one of them"));
        } else if (o.policyFile().isEmpty() && o.policyUrl().isEmpty()) {
            out.add(new CrossCheck.Violation(at, "organisation '" + o.id() + "' needs its own policy: set file or url"));
        }
    }

    private static void unusedListener(String listener, String key, Map<String, List<At>> byListener,
                                       List<CrossCheck.Violation> out) {
        if (!byListener.containsKey(listener)) {
            out.add(new CrossCheck.Violation("/orgs", "no organisation has an endpoint on listener '" + listener
                    + "' (" + key + "), so every client there would be refused; add an endpoint with listener: "
                    + listener));
        }
    }

    /** Ranges of different organisations must not overlap; the same range twice in one organisation is ambiguous. */
    private static void overlaps(String listener, List<At> ats, List<CrossCheck.Violation> out) {
        for (int a = 0; a < ats.size(); a++) {
            At x = ats.get(a);
            for (int n = 0; n < x.e().sourceCidrs().size(); n++) {
                CidrPorts cx = x.e().sourceCidrs().get(n);
                for (int b = 0; b <= a; b++) {
                    At y = ats.get(b);
                    int limit = b == a ? n : y.e().sourceCidrs().size();
                    for (int m = 0; m < limit; m++) {
                        CidrPorts cy = y.e().sourceCidrs().get(m);
                        String here = x.pointer() + "/source_cidrs/" + n;
                        String there = y.pointer() + "/source_cidrs/" + m;
                        if (x.org() != y.org() && overlap(cx, cy)) {
                            out.add(new CrossCheck.Violation(here, "'" + cx + "' overlaps '" + cy + "' of "
                                    + "organisation '" + y.o().id() + "' (" + there + ") on listener '" + listener
                                    + "'; source ranges of different organisations on one listener must not overlap"));
                        } else if (x.org() == y.org() && cx.equals(cy)) {
                            out.add(new CrossCheck.Violation(here, "'" + cx + "' is already listed at " + there));
                        }
                    }
                }
            }
        }
    }

    /**
     * Endpoints without ranges take every source on their listener. Two organisations doing that on one listener
     * can only be told apart by credentials; one endpoint like that per organisation is enough.
     */
    private static void catchAlls(String listener, List<At> ats, List<CrossCheck.Violation> out) {
        List<At> all = ats.stream().filter(a -> a.e().sourceCidrs().isEmpty()).toList();
        Map<Integer, At> perOrg = new LinkedHashMap<>();
        for (At a : all) {
            At first = perOrg.putIfAbsent(a.org(), a);
            if (first != null) {
                out.add(new CrossCheck.Violation(a.pointer(), "endpoint '" + a.e().name() + "' and endpoint '"
                        + first.e().name() + "' (" + first.pointer() + ") both take every source on listener '"
                        + listener + "'; give one of them source_cidrs or remove it"));
            }
        }
        if (perOrg.size() < 2) {
            return;
        }
        for (At a : perOrg.values()) {
            if (!a.o().hasCredentials()) {
                String others = perOrg.values().stream().filter(b -> b.org() != a.org())
                        .map(b -> "'" + b.o().id() + "'").reduce((p, q) -> p + ", " + q).orElse("");
                out.add(new CrossCheck.Violation(a.pointer(), "organisation '" + a.o().id() + "' shares listener '"
                        + listener + "' with " + others + " without source_cidrs, so its clients can only be told "
                        + "apart by credentials, and it has none: set auth.users_file or auth.device_tokens, or "
                        + "source_cidrs"));
            }
        }
    }

    /** A device token must lead to one organisation. */
    private static void tokens(List<OrgSection> orgs, List<CrossCheck.Violation> out) {
        Map<String, String> shas = new HashMap<>();
        Map<String, String> devices = new HashMap<>();
        for (int i = 0; i < orgs.size(); i++) {
            List<DeviceToken> ts = orgs.get(i).deviceTokens();
            for (int k = 0; k < ts.size(); k++) {
                String at = "/orgs/" + i + "/auth/device_tokens/" + k;
                String first = shas.putIfAbsent(ts.get(k).sha256(), at);
                if (first != null && !first.startsWith("/orgs/" + i + "/")) {
                    out.add(new CrossCheck.Violation(at + "/sha256", "repeats the sha256 of " + first
                            + "; a token must belong to one organisation"));
                }
                String firstDevice = devices.putIfAbsent(ts.get(k).deviceId(), at);
                if (firstDevice != null && !firstDevice.startsWith("/orgs/" + i + "/")) {
                    out.add(new CrossCheck.Violation(at + "/device_id", "device '" + ts.get(k).deviceId()
                            + "' is also listed at " + firstDevice + "; a device must belong to one organisation"));
                }
            }
        }
    }

    /** Two blocks overlap when the shorter prefix, applied to both, gives the same network. */
    static boolean overlap(CidrPorts a, CidrPorts b) {
        if (a.isIpv4() != b.isIpv4()) {
            return false;
        }
        CidrPorts wider = a.prefixLength() <= b.prefixLength() ? a : b;
        CidrPorts narrower = wider == a ? b : a;
        InetAddress n = narrower.network();
        return wider.matches(n, 0) || wider.matches(n, 1);
    }

    /** Files the organisations name must exist now, like the top-level ones. */
    static void files(DaemonConfig c, BiConsumer<String, Optional<Path>> readable) {
        for (int i = 0; i < c.orgs().size(); i++) {
            OrgSection o = c.orgs().get(i);
            readable.accept("/orgs/" + i + "/policy/file", o.policyFile());
            readable.accept("/orgs/" + i + "/auth/users_file", o.usersFile());
        }
    }
}
