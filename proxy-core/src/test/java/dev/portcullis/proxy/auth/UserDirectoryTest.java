package dev.portcullis.proxy.auth;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserDirectoryTest {
    private static final String HASH = OpenBSDBCrypt.generate("2y", "pw".toCharArray(), new byte[16], 4);

    @TempDir
    Path dir;

    private Path file(String name, String... users) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String u : users) {
            sb.append(u).append(':').append(HASH).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    @Test
    void usersAreLookedUpAcrossOrganisationsAndSayWhoseTheyAre() throws Exception {
        try (UserDirectory d = UserDirectory.load(List.of(new UserDirectory.Source("a", file("a", "alice")),
                new UserDirectory.Source("b", file("b", "bob", "bert"))))) {
            assertEquals(3, d.size());
            assertEquals(Optional.of("a"), d.orgOf("alice"));
            assertEquals(Optional.of("b"), d.orgOf("bert"));
            assertEquals(Optional.empty(), d.orgOf("mallory"));
            assertEquals("bob", d.user("bob").orElseThrow().name());
        }
    }

    @Test
    void aUserNameInTwoOrganisationsIsRefusedAtLoad() throws Exception {
        Path a = file("a", "alice");
        Path b = file("b", "alice");
        UsersFileException e = assertThrows(UsersFileException.class, () -> UserDirectory.load(List.of(
                new UserDirectory.Source("a", a), new UserDirectory.Source("b", b))));
        assertEquals(List.of(b + ": user 'alice' is also a user of organisation 'a' (" + a + "); credentials must"
                + " name one organisation, so a user name may appear in one users file only"), e.problems());
    }

    @Test
    void aBrokenFileKeepsItsLastGoodUsersWhileTheOthersReload() throws Exception {
        Path a = file("a", "alice");
        Path b = file("b", "bob");
        try (UserDirectory d = UserDirectory.load(List.of(new UserDirectory.Source("a", a),
                new UserDirectory.Source("b", b)))) {
            Files.writeString(a, "alice:{SHA}abc\n");
            file("b", "bob", "bea");
            List<String> problems = d.reload();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith(a + ":1: user 'alice' has a SHA-1 ({SHA}) hash"), problems.get(0));
            assertEquals(Optional.of("a"), d.orgOf("alice"), "a keeps its last good users");
            assertEquals(Optional.of("b"), d.orgOf("bea"), "b's new user is in");

            file("b", "bob", "alice");
            List<String> clash = d.reload();
            assertEquals(2, clash.size(), "a still broken, and the clash: " + clash);
            assertTrue(clash.get(1).contains("user 'alice' is also a user of organisation 'a'"), clash.get(1));
            assertEquals(Optional.of("a"), d.orgOf("alice"));
            assertEquals(Optional.of("b"), d.orgOf("bea"), "nothing of the refused reload was taken");
        }
    }
}
