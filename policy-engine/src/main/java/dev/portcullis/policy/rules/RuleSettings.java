package dev.portcullis.policy.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-rule settings from Gateway's {@code rule_settings}. Immutable: the header map is copied.
 */
public record RuleSettings(boolean blockPageEnabled, String blockReason, String redirectTarget,
                           boolean preservePathAndQuery, Map<String, List<String>> addHeaders,
                           UntrustedCertAction untrustedCertAction) {

    private static final RuleSettings DEFAULTS =
            new RuleSettings(false, null, null, false, Map.of(), UntrustedCertAction.ERROR);

    public RuleSettings {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (addHeaders != null) {
            addHeaders.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "add_headers has a null header name"),
                    List.copyOf(Objects.requireNonNull(v, "add_headers '" + k + "' has no values"))));
        }
        addHeaders = java.util.Collections.unmodifiableMap(copy);
        untrustedCertAction = untrustedCertAction == null ? UntrustedCertAction.ERROR : untrustedCertAction;
    }

    public static RuleSettings defaults() {
        return DEFAULTS;
    }
}
