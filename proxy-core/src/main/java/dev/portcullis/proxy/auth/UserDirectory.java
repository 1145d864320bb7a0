package dev.portcullis.proxy.auth;

import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.OrgSection;
import dev.portcullis.config.policy.FileWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users of every organisation's users file, as one lookup by user name that also says whose user it is. Files
 * reload when they change and on request (SIGHUP): a file that does not load keeps its last good users and the
 * precise problems are logged; a reload that would give one user name to two organisations is refused as a whole,
 * since credentials must name one organisation.
 */
public final class UserDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);

    /** One organisation's users file. */
    public record Source(String org, Path file) {
    }

    private record Entry(String org, UsersFile.User user) {
    }

    private record Snapshot(Map<String, UsersFile> byOrg, Map<String, Entry> byName, int maxCost) {
    }

    private final List<Source> sources;
    private final List<FileWatcher> watchers = new ArrayList<>();
    private volatile Snapshot snapshot;
    private boolean closed;

    private UserDirectory(List<Source> sources, Snapshot first) {
        this.sources = List.copyOf(sources);
        this.snapshot = first;
    }

    /**
     * Loads every file; throws with every problem of every file when one does not load or a user name appears in
     * two organisations.
     */
    public static UserDirectory load(List<Source> sources) throws UsersFileException {
        Map<String, UsersFile> files = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Source s : sources) {
            try {
                files.put(s.org(), UsersFile.load(s.file()));
            } catch (UsersFileException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new UsersFileException(problems);
        }
        return new UserDirectory(sources, index(files));
    }

    /**
     * The users files {@code config} names: one per organisation with one, or the top-level {@code auth.users_file}
     * as organisation {@code default}. Empty when none is configured.
     */
    public static Optional<UserDirectory> fromConfig(DaemonConfig config, String defaultOrg) throws UsersFileException {
        List<Source> sources = new ArrayList<>();
        config.auth().usersFile().ifPresent(f -> sources.add(new Source(defaultOrg, f)));
        for (OrgSection o : config.orgs()) {
            o.usersFile().ifPresent(f -> sources.add(new Source(o.id(), f)));
        }
        return sources.isEmpty() ? Optional.empty() : Optional.of(load(sources));
    }

    private static Snapshot index(Map<String, UsersFile> files) throws UsersFileException {
        Map<String, Entry> byName = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        int maxCost = 4;
        for (Map.Entry<String, UsersFile> f : files.entrySet()) {
            maxCost = Math.max(maxCost, f.getValue().maxCost());
            for (UsersFile.User u : f.getValue().users()) {
                Entry first = byName.putIfAbsent(u.name(), new Entry(f.getKey(), u));
                if (first != null) {
                    clashes.add(f.getValue().path() + ": user '" + u.name() + "' is also a user of organisation '"
                            + first.org() + "' (" + files.get(first.org()).path() + "); credentials must name one "
                            + "organisation, so a user name may appear in one users file only");
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new UsersFileException(clashes);
        }
        // Config order, so a clash is always reported against the organisation listed first.
        return new Snapshot(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files)), Map.copyOf(byName),
                maxCost);
    }

    public Optional<UsersFile.User> user(String name) {
        Entry e = snapshot.byName().get(name);
        return e == null ? Optional.empty() : Optional.of(e.user());
    }

    /** The organisation whose users file lists {@code userName}. */
    public Optional<String> orgOf(String userName) {
        Entry e = snapshot.byName().get(userName);
        return e == null ? Optional.empty() : Optional.of(e.org());
    }

    /** How many users all files hold now. */
    public int size() {
        return snapshot.byName().size();
    }

    /** The highest bcrypt cost over all files, so unknown users can cost as much time as known ones. */
    int maxCost() {
        return snapshot.maxCost();
    }

    /**
     * Re-reads every file. Files that load replace their organisation's users; the others keep their last good
     * users. Never throws.
     *
     * @return every problem found (empty when all files loaded and nothing clashed)
     */
    public synchronized List<String> reload() {
        Snapshot before = snapshot;
        Map<String, UsersFile> files = new LinkedHashMap<>(before.byOrg());
        List<String> problems = new ArrayList<>();
        for (Source s : sources) {
            try {
                files.put(s.org(), UsersFile.load(s.file()));
            } catch (UsersFileException e) {
                problems.addAll(e.problems());
            }
        }
        try {
            snapshot = index(files);
        } catch (UsersFileException e) {
            problems.addAll(e.problems());
            log.error("users files not reloaded, keeping the last good users of every organisation:\n{}",
                    String.join("\n", problems));
            return List.copyOf(problems);
        }
        if (problems.isEmpty()) {
            log.info("users files reloaded: {} users", snapshot.byName().size());
        } else {
            log.error("users file reload failed; the files named keep their last good users:\n{}",
                    String.join("\n", problems));
        }
        return List.copyOf(problems);
    }

    /** Reloads whenever one of the files changes (own daemon thread per file, debounced). Idempotent. */
    public synchronized void watch() {
        if (!watchers.isEmpty() || closed) {
            return;
        }
        for (Source s : sources) {
            try {
                watchers.add(FileWatcher.start(s.file(), FileWatcher.DEFAULT_DEBOUNCE_MILLIS,
                        "users-watch-" + s.org(), this::reload));
            } catch (IOException e) {
                log.warn("cannot watch users file {} of organisation '{}'; it reloads on SIGHUP only: {}",
                        s.file(), s.org(), e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchers.forEach(FileWatcher::close);
        watchers.clear();
    }
}
