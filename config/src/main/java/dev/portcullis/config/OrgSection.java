package dev.portcullis.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of {@code orgs}: an organisation (tenant) with its own policy (a file or an HTTPS URL, reloaded on its
 * own), its own credentials (users file, device tokens) and the endpoints its clients arrive on. Reload settings
 * ({@code watch}, {@code poll_interval}), the intelligence file and the inspection CA are shared from the top-level
 * sections.
 */
public record OrgSection(String id, Optional<Path> policyFile, Optional<URI> policyUrl, Optional<Path> usersFile,
        List<DeviceToken> deviceTokens, List<EndpointSection> endpoints) {

    static final Bounds.Items ENDPOINTS = new Bounds.Items(1, 256);
    /** Ids appear in admin URLs ({@code /v1/orgs/{org}/policy}), metric tags and log lines: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public OrgSection {
        id = checkName(Objects.requireNonNull(id, "id"));
        Objects.requireNonNull(policyFile, "policyFile");
        Objects.requireNonNull(policyUrl, "policyUrl");
        Objects.requireNonNull(usersFile, "usersFile");
        deviceTokens = AuthSection.DEVICE_TOKENS.check(Objects.requireNonNull(deviceTokens, "deviceTokens"));
        endpoints = ENDPOINTS.check(Objects.requireNonNull(endpoints, "endpoints"));
    }

    /** Whether this organisation's clients can prove who they are (and so be attributed by credentials). */
    public boolean hasCredentials() {
        return usersFile.isPresent() || !deviceTokens.isEmpty();
    }

    static String checkName(String s) {
        if (!NAME.matcher(s).matches()) {
            throw new ValueParseException("'" + Problems.clip(s) + "' is not a valid name: use 1 to 63 lower-case"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return s;
    }
}
