package dev.portcullis.benchmarks;

import dev.portcullis.config.policy.IntelligenceFile;
import dev.portcullis.config.policy.OrgPolicy;
import dev.portcullis.config.policy.PolicyDocumentException;
import dev.portcullis.config.policy.PolicyDocumentLoader;
import dev.portcullis.policy.rules.EvaluationMode;

/** The generated policy, loaded the way the daemon loads it (JSON bytes through {@link PolicyDocumentLoader}). */
final class Fixture {
    static final long SEED = 20_260_101L;

    private Fixture() {
    }

    static PolicyDocumentLoader loader(PolicyGenerator.Generated g, EvaluationMode mode) {
        try {
            IntelligenceFile intel = IntelligenceFile.parse("bench-intel.json", g.intelligenceJson());
            return new PolicyDocumentLoader(intel).withEvaluationMode(mode);
        } catch (PolicyDocumentException e) {
            throw new IllegalStateException("generated intelligence file is invalid:\n" + e.getMessage(), e);
        }
    }

    static OrgPolicy load(PolicyGenerator.Generated g, EvaluationMode mode) {
        try {
            return loader(g, mode).parse("bench", "generated-policy.json", g.json());
        } catch (PolicyDocumentException e) {
            throw new IllegalStateException("generated policy is invalid:\n" + e.getMessage(), e);
        }
    }
}
