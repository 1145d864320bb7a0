package dev.portcullis.proxy.auth;

import dev.portcullis.policy.gateway.Identity;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An htpasswd file for Basic proxy authentication: {@code user:HASH}, optionally {@code user:HASH:email:g1,g2}.
 * Only bcrypt hashes are accepted ({@code $2y$}/{@code $2b$}/{@code $2a$}, as {@code htpasswd -B} writes them):
 * the other htpasswd formats are fast to brute-force (MD5, SHA-1, DES crypt) or not hashes at all, so they are
 * refused at load rather than silently weakening the gateway. Problems never quote the hash field, which may be a
 * plain-text password.
 */
public final class UsersFile {
    static final int MAX_BYTES = 16 << 20;
    private static final int MAX_PROBLEMS = 50;
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final Pattern DES = Pattern.compile("[./A-Za-z0-9]{13}");

    /** One line of the file. */
    public record User(String name, String bcryptHash, String email, List<String> groups) {
        public User {
            groups = List.copyOf(groups);
        }

        /** What policy sees: {@code identity.name} is the user name, groups are group names. */
        public Identity identity() {
            return new Identity(email, name, groups.stream().map(g -> new Identity.Group(null, g, null)).toList(),
                    null, Set.of(), Set.of());
        }

        @Override
        public String toString() {
            return "User[" + name + "]";
        }
    }

    private final Path path;
    private final Map<String, User> users;

    private UsersFile(Path path, Map<String, User> users) {
        this.path = path;
        this.users = Map.copyOf(users);
    }

    public static UsersFile load(Path file) throws UsersFileException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsersFileException(List.of(file + ": file is larger than " + MAX_BYTES + " bytes"));
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new UsersFileException(List.of(file + ": not valid UTF-8"));
        } catch (IOException e) {
            throw new UsersFileException(List.of(file + ": cannot read: " + e));
        }
        return parse(file, text);
    }

    static UsersFile parse(Path file, String text) throws UsersFileException {
        Map<String, User> users = new HashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length && problems.size() < MAX_PROBLEMS; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String problem = problem(line);
            if (problem != null) {
                problems.add(where + problem);
                continue;
            }
            String[] f = line.split(":", 4);
            User user = new User(f[0], f[1], f.length > 2 && !f[2].isEmpty() ? f[2] : null,
                    f.length > 3 ? groups(f[3]) : List.of());
            Integer first = firstLine.putIfAbsent(user.name(), i + 1);
            if (first != null) {
                problems.add(where + "user '" + user.name() + "' is already defined on line " + first);
                continue;
            }
            users.put(user.name(), user);
        }
        if (!problems.isEmpty()) {
            throw new UsersFileException(problems);
        }
        return new UsersFile(file, users);
    }

    private static String problem(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return "expected user:HASH[:email[:group1,group2]], found no ':'";
        }
        String user = line.substring(0, colon);
        if (user.isEmpty() || user.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "the user name is empty or contains spaces or control characters";
        }
        String[] f = line.split(":", 4);
        String hash = f[1];
        if (!BCRYPT.matcher(hash).matches()) {
            return "user '" + user + "' has " + describe(hash) + "; only bcrypt hashes are accepted: regenerate with"
                    + " htpasswd -B FILE " + user;
        }
        if (f.length > 3 && f[3].contains(":")) {
            return "user '" + user + "': too many ':'-separated fields (expected user:HASH:email:group1,group2)";
        }
        if (line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "user '" + user + "': the line contains a control character";
        }
        return null;
    }

    /** Names the kind of hash without quoting it. */
    private static String describe(String hash) {
        if (hash.startsWith("$apr1$")) {
            return "an Apache MD5 ($apr1$) hash";
        }
        if (hash.startsWith("{SHA}")) {
            return "a SHA-1 ({SHA}) hash";
        }
        if (hash.startsWith("$1$") || hash.startsWith("$5$") || hash.startsWith("$6$")) {
            return "a crypt(3) MD5/SHA-2 hash";
        }
        if (hash.startsWith("$2")) {
            return "a malformed bcrypt hash (expected $2y$, a cost of 04-31, '$' and 53 more characters)";
        }
        if (DES.matcher(hash).matches()) {
            return "a DES crypt hash";
        }
        if (hash.isEmpty()) {
            return "an empty password field";
        }
        return "a plain-text password or an unknown hash format";
    }

    private static List<String> groups(String field) {
        List<String> out = new ArrayList<>();
        for (String g : field.split(",")) {
            if (!g.isBlank()) {
                out.add(g.strip());
            }
        }
        return out;
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public int size() {
        return users.size();
    }

    /** Every user, in no particular order. */
    public java.util.Collection<User> users() {
        return users.values();
    }

    public Path path() {
        return path;
    }

    /** The highest bcrypt cost in the file, so unknown users can cost as much time as known ones. */
    int maxCost() {
        return users.values().stream().mapToInt(u -> Integer.parseInt(u.bcryptHash().substring(4, 6))).max()
                .orElse(10);
    }
}
