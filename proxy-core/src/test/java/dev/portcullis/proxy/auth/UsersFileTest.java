package dev.portcullis.proxy.auth;

import dev.portcullis.policy.gateway.Identity;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines below are what {@code htpasswd -nbB/-nbm/-nbs/-nbd/-nbp} printed (Apache 2.4). */
class UsersFileTest {
    private static final String ALICE = "alice:$2y$04$6yh/fDff1RYhoV6Dmp1MVeD2PYwr72P4yCxPX.Oew8Ycjr79HlmHW";
    private static final Path FILE = Path.of("users.htpasswd");

    @Test
    void bcryptLinesFromHtpasswdLoadAndVerifyWithBouncyCastle() {
        UsersFile f = UsersFile.parse(FILE, "# staff\n" + ALICE + ":alice@acme.example:finance, staff\r\n\n"
                + "bob:" + OpenBSDBCrypt.generate("2b", "pw".toCharArray(), new byte[16], 4) + "\n");
        assertEquals(2, f.size());
        UsersFile.User alice = f.user("alice").orElseThrow();
        assertTrue(OpenBSDBCrypt.checkPassword(alice.bcryptHash(), "p@ss:word".toCharArray()));
        assertEquals(new Identity("alice@acme.example", "alice", List.of(new Identity.Group(null, "finance", null),
                new Identity.Group(null, "staff", null)), null, Set.of(), Set.of()), alice.identity());
        UsersFile.User bob = f.user("bob").orElseThrow();
        assertEquals(new Identity(null, "bob", List.of(), null, Set.of(), Set.of()), bob.identity());
        assertFalse(f.user("carol").isPresent());
        assertEquals(4, f.maxCost());
        assertFalse(alice.toString().contains("$2y$"), "a user's toString must not print the hash");
    }

    @Test
    void everyOtherHashFormatIsRefusedNamingFileLineAndUserButNotTheHash() {
        String text = String.join("\n",
                ALICE,
                "bob:$apr1$744FaZyf$rI9cJyxjWsnIOXU353csi/",
                "carol:{SHA}GpHWL3ymc5liWkNopqtdSjuqYHM=",
                "dave:pbSWKjliPcURg",
                "erin:pw",
                "frank:$6$salt$abcdef",
                "gina:$2y$04$tooShort",
                "no colon here",
                "alice:$2y$04$6yh/fDff1RYhoV6Dmp1MVeD2PYwr72P4yCxPX.Oew8Ycjr79HlmHW",
                ":$2y$04$6yh/fDff1RYhoV6Dmp1MVeD2PYwr72P4yCxPX.Oew8Ycjr79HlmHW",
                "");
        UsersFileException e = assertThrows(UsersFileException.class, () -> UsersFile.parse(FILE, text));
        String regen = "; only bcrypt hashes are accepted: regenerate with htpasswd -B FILE ";
        assertEquals(List.of(
                "users.htpasswd:2: user 'bob' has an Apache MD5 ($apr1$) hash" + regen + "bob",
                "users.htpasswd:3: user 'carol' has a SHA-1 ({SHA}) hash" + regen + "carol",
                "users.htpasswd:4: user 'dave' has a DES crypt hash" + regen + "dave",
                "users.htpasswd:5: user 'erin' has a plain-text password or an unknown hash format" + regen + "erin",
                "users.htpasswd:6: user 'frank' has a crypt(3) MD5/SHA-2 hash" + regen + "frank",
                "users.htpasswd:7: user 'gina' has a malformed bcrypt hash (expected $2y$, a cost of 04-31, '$' and"
                        + " 53 more characters)" + regen + "gina",
                "users.htpasswd:8: expected user:HASH[:email[:group1,group2]], found no ':'",
                "users.htpasswd:9: user 'alice' is already defined on line 1",
                "users.htpasswd:10: the user name is empty or contains spaces or control characters"),
                e.problems());
        for (String secret : List.of("pbSWKjliPcURg", ":pw", "744FaZyf", "GpHWL3")) {
            assertFalse(e.getMessage().contains(secret), "message quotes a hash or password: " + secret);
        }
    }

    @Test
    void loadNamesTheFileWhenItCannotBeRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");
        UsersFileException e = assertThrows(UsersFileException.class, () -> UsersFile.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read: "), e.getMessage());
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[]{'x', ':', (byte) 0xe9});
        assertEquals(List.of(latin1 + ": not valid UTF-8"),
                assertThrows(UsersFileException.class, () -> UsersFile.load(latin1)).problems());
        Path ok = Files.writeString(dir.resolve("ok"), ALICE + "\n");
        assertEquals(1, UsersFile.load(ok).size());
    }
}
