package dev.portcullis.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code policy}: the organisation policy (a file, an HTTPS URL polled for fleets, or the embedded example when
 * both are empty), the intelligence file, and reloading. {@code file} and {@code url} exclude each other
 * (checked by {@link DaemonConfig#validate()}).
 */
public record PolicySection(Optional<Path> file, Optional<Path> intelligenceFile, boolean watch, Optional<URI> url,
        Duration pollInterval) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);
    static final Bounds.Time POLL_INTERVAL = Bounds.Time.of("1ms", "1d");

    public PolicySection {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(intelligenceFile, "intelligenceFile");
        Objects.requireNonNull(url, "url");
        url.ifPresent(PolicySection::checkUrl);
        POLL_INTERVAL.check(Objects.requireNonNull(pollInterval, "pollInterval"));
    }

    public PolicySection(Optional<Path> file, Optional<Path> intelligenceFile, boolean watch) {
        this(file, intelligenceFile, watch, Optional.empty(), DEFAULT_POLL_INTERVAL);
    }

    /** Policies carry the allow/block rules of a fleet: only HTTPS, with a host, and no credentials in the URL. */
    static URI parseUrl(String s) {
        URI u;
        try {
            u = new URI(s);
        } catch (java.net.URISyntaxException e) {
            throw new ValueParseException("not a valid URL: " + e.getMessage());
        }
        return checkUrl(u);
    }

    private static URI checkUrl(URI u) {
        if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            throw new ValueParseException("must be an https:// URL, got \"" + Problems.clip(u.toString()) + "\"");
        }
        if (u.getHost() == null) {
            throw new ValueParseException("URL has no host: \"" + Problems.clip(u.toString()) + "\"");
        }
        if (u.getRawUserInfo() != null) {
            throw new ValueParseException("URL must not carry credentials");
        }
        return u;
    }

    /** {@code null} selects the embedded example policy. */
    public PolicySection withFile(Path v) {
        return new PolicySection(Optional.ofNullable(v), intelligenceFile, watch, url, pollInterval);
    }

    /** {@code null} selects the embedded sample intelligence. */
    public PolicySection withIntelligenceFile(Path v) {
        return new PolicySection(file, Optional.ofNullable(v), watch, url, pollInterval);
    }

    public PolicySection withWatch(boolean v) {
        return new PolicySection(file, intelligenceFile, v, url, pollInterval);
    }

    /** {@code null} turns URL polling off. */
    public PolicySection withUrl(URI v, Duration poll) {
        return new PolicySection(file, intelligenceFile, watch, Optional.ofNullable(v), poll);
    }
}
