package dev.portcullis.e2e.identity;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Users files, device token hashes and header values for the identity tests (bcrypt cost 4: fast, still real). */
final class IdentityFixture {
    private IdentityFixture() {
    }

    static String bcrypt(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 4);
    }

    /** Lines of {@code user password [email groups]}; written as htpasswd lines. */
    static Path usersFile(Path dir, String... lines) throws Exception {
        StringBuilder sb = new StringBuilder("# written by the identity tests\n");
        for (String line : lines) {
            String[] f = line.split(" ");
            sb.append(f[0]).append(':').append(bcrypt(f[1]));
            if (f.length > 2) {
                sb.append(':').append(f[2]).append(':').append(f.length > 3 ? f[3] : "");
            }
            sb.append('\n');
        }
        return Files.writeString(dir.resolve("users.htpasswd"), sb.toString());
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
