package dev.portcullis.config.policy;

import java.util.List;
import java.util.Map;

/** A policy document after strict binding and validation, before any expression is compiled. */
record PolicyDocument(List<RuleDoc> rules, List<ListDoc> lists, SettingsDoc settings) {

    /** One rule; {@code label} is how errors name it, e.g. {@code rules[3] "Block gambling"}. */
    record RuleDoc(int index, String label, String id, String name, String description, int precedence,
            boolean enabled, String filter, String action, String traffic, String identity, String devicePosture,
            RuleSettingsDoc settings) {
    }

    record RuleSettingsDoc(boolean blockPageEnabled, String blockReason, String redirectTarget,
            boolean preservePathAndQuery, Map<String, List<String>> addHeaders, String untrustedCertAction) {
        static final RuleSettingsDoc DEFAULTS = new RuleSettingsDoc(false, null, null, false, Map.of(), null);
    }

    record ListDoc(int index, String label, Node.Loc loc, String id, String name, String type, List<String> items) {
    }

    /** {@code intelligence} is a path as written in the document (relative to the document's directory). */
    record SettingsDoc(boolean tlsDecrypt, String defaultAction, String blockPageTitle, String blockPageFooter,
            String intelligence, Node.Loc intelligenceLoc) {
        static final SettingsDoc DEFAULTS = new SettingsDoc(false, "allow", null, null, null, null);
    }
}
