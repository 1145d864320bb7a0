package dev.portcullis.e2e.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.Format;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.daemon.Daemon;
import dev.portcullis.proxy.daemon.OrgPolicies;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One listener, two organisations told apart by source address: organisation a (127.0.0.2) is a source-IP endpoint
 * with no users, organisation b (127.0.0.3) has a users file. a's clients are not asked for credentials they could
 * never have; b's are.
 */
class MixedEndpointsTest {
    private static final String ALLOW_ALL = """
            {"rules": [], "settings": {"default_action": "allow"}}
            """;

    @TempDir
    static Path dir;
    static TestOrigin origin;
    static OrgPolicies policies;
    static Daemon daemon;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        Files.writeString(dir.resolve("a.json"), ALLOW_ALL);
        Files.writeString(dir.resolve("b.json"), ALLOW_ALL);
        Files.createDirectories(dir.resolve("b"));
        IdentityFixture.usersFile(dir.resolve("b"), "bob bob-pw bob@b.example");
        String yaml = """
                proxy:
                  listen: ["127.0.0.1:0"]
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                admin:
                  listen: "127.0.0.1:0"
                timeouts:
                  drain: "1s"
                orgs:
                  - id: a
                    policy: {file: "a.json"}
                    endpoints: [{name: a-office, listener: http, source_cidrs: ["127.0.0.2/32"]}]
                  - id: b
                    policy: {file: "b.json"}
                    auth: {users_file: "b/users.htpasswd"}
                    endpoints: [{name: b-office, listener: http, source_cidrs: ["127.0.0.3/32"]}]
                """;
        DaemonConfig config = ConfigLoader.parse("mixed.yaml", yaml.getBytes(StandardCharsets.UTF_8), Format.YAML, dir);
        policies = OrgPolicies.start(config);
        daemon = Daemon.start(config, policies.deciders(), policies, r -> { });
        policies.attach(daemon);
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (policies != null) {
            policies.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private static RawHttp.Response get(String from, String authorization) throws Exception {
        try (RawHttp c = new RawHttp(daemon.proxyAddresses().get(0), InetAddress.getByName(from))) {
            c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n"
                    + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n");
            return c.readResponse();
        }
    }

    @Test
    void aSourceEndpointWithoutUsersIsNotChallenged() throws Exception {
        RawHttp.Response a = get("127.0.0.2", null);
        assertEquals(200, a.status(), "organisation a has no credentials to ask for");
        assertEquals("hello\n", a.text());
    }

    @Test
    void anOrganisationWithUsersStillChallengesItsEndpoint() throws Exception {
        RawHttp.Response b = get("127.0.0.3", null);
        assertEquals(407, b.status());
        assertTrue(b.header("proxy-authenticate").startsWith("Basic"), b.header("proxy-authenticate"));
        assertEquals(200, get("127.0.0.3", IdentityFixture.basic("bob", "bob-pw")).status());
    }
}
