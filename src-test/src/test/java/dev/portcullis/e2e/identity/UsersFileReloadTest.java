package dev.portcullis.e2e.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.users_file} ({@code --auth-users FILE}) is watched: edits apply without a restart, breakage does not. */
class UsersFileReloadTest {
    @TempDir
    Path dir;
    Path users;
    TestOrigin origin;
    ProxyFixture proxy;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.plain();
        users = IdentityFixture.usersFile(dir, "ann ann-pw");
        proxy = ProxyFixture.start("""
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                auth:
                  users_file: "%s"
                  max_failures: 1000
                """.formatted(users));
    }

    @AfterEach
    void stop() {
        proxy.close();
        origin.close();
    }

    private int status(String user, String password) {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\nProxy-Authorization: "
                    + IdentityFixture.basic(user, password) + "\r\n\r\n");
            return c.readResponse().status();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anAddedUserIsAcceptedWithoutRestart() throws Exception {
        assertEquals(407, status("bob", "bob-pw"));
        String ann = Files.readString(users);
        Path next = Files.writeString(dir.resolve("users.next"), ann + "bob:" + IdentityFixture.bcrypt("bob-pw") + "\n");
        Files.move(next, users, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Await.until("bob is accepted after the users file gained him", Duration.ofSeconds(10),
                () -> status("bob", "bob-pw") == 200);
        assertEquals(200, status("ann", "ann-pw"));
    }

    @Test
    void aBrokenFileKeepsTheLastGoodUsersAndSaysPreciselyWhy() throws Exception {
        assertEquals(200, status("ann", "ann-pw"));
        Files.writeString(users, "# broken\nann:plaintext-password\n");
        List<String> problems = proxy.daemon.reloadUsers();
        assertEquals(List.of(users + ":2: user 'ann' has a plain-text password or an unknown hash format; only"
                + " bcrypt hashes are accepted: regenerate with htpasswd -B FILE ann"), problems);
        assertEquals(200, status("ann", "ann-pw"), "the last good users stay");

        Files.writeString(users, "ann:" + IdentityFixture.bcrypt("new-pw") + "\n");
        assertEquals(List.of(), proxy.daemon.reloadUsers());
        assertEquals(200, status("ann", "new-pw"));
        assertEquals(407, status("ann", "ann-pw"), "the old password is gone with the old file");
    }
}
