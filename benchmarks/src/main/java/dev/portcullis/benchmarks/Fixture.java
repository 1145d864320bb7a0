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

    static IntelligenceFile intelligence(PolicyGenerator.Generated g) {
        try {
            return IntelligenceFile.parse("bench-intel.json", g.intelligenceJson());
        } catch (PolicyDocumentException e) {
            throw new IllegalStateException("generated intelligence file is invalid:\n" + e.getMessage(), e);
        }
    }

    static PolicyDocumentLoader loader(PolicyGenerator.Generated g, EvaluationMode mode) {
        return new PolicyDocumentLoader(intelligence(g)).withEvaluationMode(mode);
    }

    static OrgPolicy load(PolicyGenerator.Generated g, EvaluationMode mode) {
        try {
            return loader(g, mode).parse("bench", "generated-policy.json", g.json());
        } catch (PolicyDocumentException e) {
            throw new IllegalStateException("generated policy is invalid:\n" + e.getMessage(), e);
        }
    }
}
