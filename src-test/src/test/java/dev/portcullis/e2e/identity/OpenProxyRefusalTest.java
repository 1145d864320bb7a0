package dev.portcullis.e2e.identity;

import dev.portcullis.config.ConfigException;
import dev.portcullis.e2e.support.Cli;
import dev.portcullis.e2e.support.ProxyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Never an open proxy: a listener beyond loopback needs credentials or source ranges, or nothing starts. */
class OpenProxyRefusalTest {
    @TempDir
    Path dir;

    @Test
    void aWildcardListenerWithoutAuthOrSourcesIsRefusedWithTheFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyFixture.start("""
                proxy:
                  listen: ["0.0.0.0:0"]
                """));
        assertEquals(1, e.problems().size(), e.problems().toString());
        String p = e.problems().get(0);
        assertTrue(p.startsWith("test.yaml:2:12 /proxy/listen/0: 0.0.0.0:0 is not a loopback address"), p);
        assertTrue(p.contains("open proxy") && p.contains("--auth-users FILE") && p.contains("/proxy/allowed_sources"), p);
    }

    @Test
    void theCliRefusesToRunAnOpenProxyAndNamesTheFlagsThatFixIt() {
        Cli.Outcome o = Cli.run("run", "--listen", "0.0.0.0:0", "--admin-listen", "127.0.0.1:0");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("/proxy/listen/0: 0.0.0.0:0 is not a loopback address and nothing restricts who"
                + " may use it, which makes an open proxy"), o.err());
        assertTrue(o.err().contains("--allow-source CIDR"), o.err());
    }

    @Test
    void aBadSourceFlagIsRefusedWithTheConfigFilesWording() {
        Cli.Outcome o = Cli.run("run", "--listen", "0.0.0.0:0", "--admin-listen", "127.0.0.1:0",
                "--allow-source", "10.0.0.1/8");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("'10.0.0.1/8' has host bits set below /8; did you mean 10.0.0.0/8?"), o.err());
        Cli.Outcome ports = Cli.run("run", "--allow-source", "10.0.0.0/8:443");
        assertEquals(2, ports.code(), ports.err());
        assertTrue(ports.err().contains("a source range takes no ports"), ports.err());
    }

    @Test
    void checkNamesTheFileAndLineOfANonBcryptHash() throws Exception {
        Path users = Files.writeString(dir.resolve("users.htpasswd"),
                "ann:" + IdentityFixture.bcrypt("pw") + "\nbob:$apr1$744FaZyf$rI9cJyxjWsnIOXU353csi/\n");
        Path config = Files.writeString(dir.resolve("portcullis.yaml"), """
                proxy:
                  listen: ["0.0.0.0:3128"]
                auth:
                  users_file: users.htpasswd
                """);
        Cli.Outcome o = Cli.run("check", "--config", config.toString());
        assertEquals(1, o.code());
        assertEquals(users + ":2: user 'bob' has an Apache MD5 ($apr1$) hash; only bcrypt hashes are accepted:"
                + " regenerate with htpasswd -B FILE bob", o.err().strip());

        Cli.Outcome run = Cli.run("run", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                "--auth-users", users.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("invalid users file:\n" + users + ":2: user 'bob'"), run.err());
    }
}
