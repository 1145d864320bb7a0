package dev.portcullis.config.policy;

import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.rules.EvaluationMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Policy document bytes → validated {@link PolicyDocument} → compiled {@link OrgPolicy}. Every problem of a
 * document is reported at once (capped), each naming the file, the JSON path and, for expressions, the rule,
 * the condition and line:column with a caret.
 *
 * <p>Intelligence (categories, app ids) comes from the document's {@code settings.intelligence} path (relative to
 * the document's directory, re-read on every load) or, failing that, from the file given to the constructor.
 */
public final class PolicyDocumentLoader {
    /** Far above any hand-written policy, but bounds what a bad upload can make us allocate. */
    static final int MAX_DOCUMENT_BYTES = 256 << 20;

    private final IntelligenceFile intelligence;
    private final Clock clock;
    private final EvaluationMode mode;

    public PolicyDocumentLoader() {
        this(IntelligenceFile.empty());
    }

    public PolicyDocumentLoader(IntelligenceFile intelligence) {
        this(intelligence, Clock.systemUTC());
    }

    PolicyDocumentLoader(IntelligenceFile intelligence, Clock clock) {
        this(intelligence, clock, EvaluationMode.COMPILED);
    }

    private PolicyDocumentLoader(IntelligenceFile intelligence, Clock clock, EvaluationMode mode) {
        this.intelligence = Objects.requireNonNull(intelligence, "intelligence");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * The same loader evaluating with the engine's plain reference interpreter: slow on purpose, for
     * differential tests and benchmarks only.
     */
    public PolicyDocumentLoader withEvaluationMode(EvaluationMode evaluationMode) {
        return new PolicyDocumentLoader(intelligence, clock, evaluationMode);
    }

    public OrgPolicy load(String orgId, Path file) throws PolicyDocumentException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_DOCUMENT_BYTES) {
                throw new PolicyDocumentException(file + ": policy document is " + size + " bytes; the limit is "
                        + MAX_DOCUMENT_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyDocumentException(file + ": cannot read policy document: " + e);
        }
        return parse(orgId, file.toString(), bytes);
    }

    /** {@code sourceName} names the document in errors; a relative intelligence path resolves against its directory. */
    public OrgPolicy parse(String orgId, String sourceName, byte[] json) throws PolicyDocumentException {
        Objects.requireNonNull(orgId, "orgId");
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new PolicyDocumentException(sourceName + ": policy document is " + json.length
                    + " bytes; the limit is " + MAX_DOCUMENT_BYTES);
        }
        Problems problems = new Problems(sourceName);
        PolicyDocument doc = read(json, problems);
        IntelligenceFile intel = intelligence;
        if (doc.settings().intelligence() != null) {
            intel = loadIntelligence(baseDir(sourceName).resolve(doc.settings().intelligence()),
                    doc.settings().intelligenceLoc(), problems);
        }
        OrgPolicy policy = new PolicyCompiler(problems, mode, ParserSettings.defaults()).compile(orgId, version(json), clock.instant(), doc, intel);
        problems.throwIfAny();
        return policy;
    }

    private static IntelligenceFile loadIntelligence(Path path, Node.Loc loc, Problems problems) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            problems.at(loc, "settings.intelligence", "intelligence file " + path + " does not exist");
            return IntelligenceFile.empty();
        } catch (IOException e) {
            problems.at(loc, "settings.intelligence", "cannot read intelligence file " + path + ": " + e);
            return IntelligenceFile.empty();
        }
        try {
            return IntelligenceFile.parse(path.toString(), bytes);
        } catch (PolicyDocumentException e) {
            e.errors().forEach(problems::add);
            return IntelligenceFile.empty();
        }
    }

    /** Reads and binds; structural problems go to {@code problems}, and an unreadable document throws at once. */
    static PolicyDocument read(byte[] json, Problems problems) throws PolicyDocumentException {
        DocumentReader.Raw raw = new DocumentReader(problems).read(json);
        if (raw == null) {
            problems.throwIfAny();
        }
        return new DocumentBinder(problems).bind(raw);
    }

    /** Short SHA-256 of the document bytes: enough to tell versions apart in logs and the admin API. */
    public static String version(byte[] json) {
        return PolicyStore.sha256Hex(json).substring(0, 12);
    }

    private static Path baseDir(String sourceName) {
        try {
            Path parent = Path.of(sourceName).toAbsolutePath().getParent();
            return parent == null ? Path.of("").toAbsolutePath() : parent;
        } catch (InvalidPathException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
