package dev.portcullis.config.policy;

import java.util.List;

/**
 * Outcome of one reload or replace. On failure {@code policy} is the last good policy that stays in force and
 * {@code errors} says why the new document was refused.
 */
public record ReloadResult(boolean success, OrgPolicy policy, List<String> errors) {
    public ReloadResult {
        errors = List.copyOf(errors);
    }
}
