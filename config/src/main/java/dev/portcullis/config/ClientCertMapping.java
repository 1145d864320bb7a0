package dev.portcullis.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code auth.client_certs}: the identity a verified client certificate stands for. {@code match} is
 * compared (ignoring case) with the certificate's e-mail SAN (rfc822Name), else its subject CN; the entry's
 * {@code email}, {@code name} and {@code groups} then replace what the certificate says.
 */
public record ClientCertMapping(String match, Optional<String> email, Optional<String> name, List<String> groups) {

    public ClientCertMapping {
        match = DeviceToken.checkLabel(Objects.requireNonNull(match, "match"));
        Objects.requireNonNull(email, "email").ifPresent(DeviceToken::checkLabel);
        Objects.requireNonNull(name, "name").ifPresent(DeviceToken::checkLabel);
        groups = DeviceToken.NAMES.check(Objects.requireNonNull(groups, "groups")).stream()
                .map(DeviceToken::checkLabel).toList();
    }
}
