package dev.portcullis.config.policy;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code portcullis policy check FILE}: exit 0 and a summary, or 1 and every error. */
public final class PolicyCheck {
    private PolicyCheck() {
    }

    public static int run(Path file, PrintStream out, PrintStream err) {
        try {
            OrgPolicy p = new PolicyDocumentLoader().load("check", file);
            OrgPolicy.Stats s = p.stats();
            out.println(file + ": OK, version " + p.version());
            out.println("  rules: " + p.ruleCount() + " enabled (" + s.network() + " l4, " + s.tlsInspection()
                    + " do-not-inspect/inspect, " + s.http() + " http of which " + s.httpBeforeDecryption()
                    + " also apply to tunnels that are not inspected), " + s.disabled() + " disabled");
            out.println("  lists: " + s.lists() + " with " + s.listItems() + " items");
            out.println("  tls_decrypt: " + (p.tlsDecryptEnabled() ? "enabled" : "disabled")
                    + ", default_action: " + p.defaultAction().name().toLowerCase(java.util.Locale.ROOT));
            return 0;
        } catch (PolicyDocumentException e) {
            err.println(file + ": " + e.errors().size() + " error(s)");
            e.errors().forEach(err::println);
            return 1;
        }
    }
}
