package dev.portcullis.config;

import java.util.Locale;

/**
 * {@code access_log.privacy}: what the access log keeps of who made a request ({@code source.ip}, {@code user.*}).
 * {@code hash} writes a keyed, truncated SHA-256 so lines of one client still correlate without naming it.
 */
public enum AccessLogPrivacy {
    NONE, HASH, OMIT;

    static AccessLogPrivacy parse(String s) {
        for (AccessLogPrivacy p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(s)) {
                return p;
            }
        }
        throw new ValueParseException("expected one of none, hash, omit; got \"" + Problems.clip(s) + "\"");
    }
}
