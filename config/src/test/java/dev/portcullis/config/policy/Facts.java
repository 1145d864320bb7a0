package dev.portcullis.config.policy;

import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.policy.gateway.RequestFacts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds engine facts for tests with the fewest words. */
final class Facts {
    private Facts() {
    }

    static Identity user(String... groups) {
        return new Identity("alice@corp.example", "Alice",
                java.util.Arrays.stream(groups).map(g -> new Identity.Group("id-" + g, g, null)).toList(), null,
                Set.of(), Set.of());
    }

    static ConnectionFacts connect(String host, String ip, int port, Identity identity) {
        return new ConnectionFacts(ip("10.1.2.3"), 50123, host, ip == null ? null : ip(ip), port, host, "tcp",
                "default", identity);
    }

    static RequestFacts request(String host, String path, Identity identity) {
        ConnectionFacts c = connect(host, "203.0.113.5", 443, identity);
        return new RequestFacts(c, "GET", "https", host, 443, path, null, "HTTP/1.1",
                Map.of("user-agent", List.of("test")), null);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
