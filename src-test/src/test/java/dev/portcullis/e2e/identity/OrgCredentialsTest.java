package dev.portcullis.e2e.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.Format;
import dev.portcullis.e2e.support.AccessAwait;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.daemon.Daemon;
import dev.portcullis.proxy.daemon.OrgPolicies;
import dev.portcullis.proxy.observe.AccessRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two organisations share the HTTP listener without source ranges: a client's credentials say which one it is
 * (alice is organisation a's user, bob organisation b's), and with it whose policy applies.
 */
class OrgCredentialsTest {
    private static final String ALLOW_ALL = """
            {"rules": [], "settings": {"default_action": "allow"}}
            """;
    private static final String BLOCK_HELLO = """
            {"rules": [
              {"id": "b-hello", "name": "no hello at b", "precedence": 10, "action": "block", "filters": ["http"],
               "traffic": "http.request.uri.path == \\"/hello\\""}
            ],
            "settings": {"default_action": "allow"}}
            """;

    @TempDir
    static Path dir;
    static TestOrigin origin;
    static OrgPolicies policies;
    static Daemon daemon;
    static Path usersA;
    static Path usersB;
    static final LinkedBlockingQueue<AccessRecord> access = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        Files.writeString(dir.resolve("a.json"), ALLOW_ALL);
        Files.writeString(dir.resolve("b.json"), BLOCK_HELLO);
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        usersA = IdentityFixture.usersFile(dir.resolve("a"), "alice alice-pw alice@a.example staff");
        usersB = IdentityFixture.usersFile(dir.resolve("b"), "bob bob-pw bob@b.example");
        String yaml = """
                proxy:
                  listen: ["127.0.0.1:0"]
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                admin:
                  listen: "127.0.0.1:0"
                timeouts:
                  drain: "1s"
                auth:
                  max_failures: 1000
                orgs:
                  - id: a
                    policy: {file: "a.json"}
                    auth: {users_file: "a/users.htpasswd"}
                    endpoints: [{name: shared-a, listener: http}]
                  - id: b
                    policy: {file: "b.json"}
                    auth: {users_file: "b/users.htpasswd"}
                    endpoints: [{name: shared-b, listener: http}]
                """;
        DaemonConfig config = ConfigLoader.parse("orgs.yaml", yaml.getBytes(StandardCharsets.UTF_8), Format.YAML, dir);
        policies = OrgPolicies.start(config);
        daemon = Daemon.start(config, policies.deciders(), policies::blockPage, access::add);
        policies.attach(daemon);
    }

    @AfterAll
    static void stop() {
        daemon.close();
        policies.close();
        origin.close();
    }

    private static RawHttp.Response get(String path, String authorization) throws Exception {
        try (RawHttp c = new RawHttp(daemon.proxyAddresses().get(0))) {
            c.send("GET " + origin.base() + path + " HTTP/1.1\r\nHost: x\r\n"
                    + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n");
            return c.readResponse();
        }
    }

    private static AccessRecord awaitAccess(Predicate<AccessRecord> matching) throws InterruptedException {
        return AccessAwait.first(access, matching);
    }

    @Test
    void eachUserGetsTheirOrganisationsPolicy() throws Exception {
        assertEquals(200, get("/hello", IdentityFixture.basic("alice", "alice-pw")).status());
        AccessRecord a = awaitAccess(r -> "alice".equals(r.userName()));
        assertEquals("a", a.org());
        assertEquals("allow", a.action());

        RawHttp.Response bob = get("/hello", IdentityFixture.basic("bob", "bob-pw"));
        assertEquals(403, bob.status());
        assertEquals("policy_block", bob.header("x-portcullis-error"));
        AccessRecord b = awaitAccess(r -> "bob".equals(r.userName()));
        assertEquals("b", b.org());
        assertEquals("b-hello", b.ruleId());
    }

    @Test
    void withoutCredentialsTheSharedListenerAsksForThem() throws Exception {
        assertEquals(407, get("/hello", null).status());
        assertEquals(407, get("/hello", IdentityFixture.basic("alice", "bob-pw")).status(),
                "another organisation's password does not pass");
    }

    @Test
    void aTunnelRecordNamesTheUserAndTheOrganisation() throws Exception {
        try (RawHttp c = new RawHttp(daemon.proxyAddresses().get(0))) {
            c.send("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\nHost: x\r\nProxy-Authorization: "
                    + IdentityFixture.basic("alice", "alice-pw") + "\r\n\r\n");
            assertEquals(200, c.readHeadResponse().status());
            c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("hello\n", c.readResponse().text());
        }
        AccessRecord t = awaitAccess(r -> "tunnel".equals(r.kind()) && r.status() == 200);
        assertEquals("alice", t.userName());
        assertEquals("alice@a.example", t.userEmail());
        assertEquals("a", t.org());
    }

    @Test
    void aUserNameInTwoOrganisationsIsRefusedAtReloadAndTheLastGoodUsersStay() throws Exception {
        String before = Files.readString(usersB);
        try {
            Files.writeString(usersB, before + "alice:" + IdentityFixture.bcrypt("other-pw") + "\n");
            List<String> problems = daemon.reloadUsers();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("user 'alice' is also a user of organisation"), problems.get(0));
            assertEquals(407, get("/x", IdentityFixture.basic("alice", "other-pw")).status());
            assertEquals(404, get("/x", IdentityFixture.basic("alice", "alice-pw")).status(),
                    "alice of organisation a still passes (the origin has no /x)");
        } finally {
            Files.writeString(usersB, before);
            daemon.reloadUsers();
        }
    }
}
