package dev.portcullis.proxy.inspect;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hosts whose TLS is never decrypted: a built-in list of services known to pin their certificates (their clients
 * refuse any leaf the organisation CA signs, so inspecting them only breaks them) plus the operator's
 * {@code inspection.do_not_inspect_hosts}. Matching is by DNS suffix on label boundaries: {@code dropbox.com} covers
 * {@code client.dropbox.com} but not {@code notdropbox.com}.
 */
public final class DoNotInspectHosts {
    /**
     * Certificate-pinned services. Kept short and specific on purpose: every entry is traffic the gateway cannot see,
     * so a broad suffix here would be a blind spot.
     */
    public static final List<String> BUILT_IN = List.of(
            "push.apple.com",          // APNs: pinned by iOS/macOS
            "itunes.apple.com",        // App Store / iTunes: pinned
            "mzstatic.com",            // App Store content
            "icloud.com",              // iCloud clients pin
            "dropbox.com",             // desktop client pins
            "dropboxapi.com",
            "signal.org",              // Signal pins its own CA
            "whatsapp.net",            // WhatsApp pins
            "whatsapp.com",
            "update.microsoft.com",    // Windows Update pins
            "windowsupdate.com");

    private final Set<String> suffixes;

    DoNotInspectHosts(List<String> configured) {
        Set<String> all = new LinkedHashSet<>(BUILT_IN);
        for (String host : configured) {
            all.add(normalise(host));
        }
        this.suffixes = Set.copyOf(all);
    }

    /** True if {@code host} or one of its parent domains is on the list. */
    public boolean matches(String host) {
        String h = normalise(host);
        while (true) {
            if (suffixes.contains(h)) {
                return true;
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                return false;
            }
            h = h.substring(dot + 1);
        }
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
