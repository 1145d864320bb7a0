package dev.portcullis.proxy.pac;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the PAC JavaScript. Only values already validated (domain patterns, dotted IPv4, host names) are
 * embedded, each as a quoted literal, so nothing a client sends can become code. The output is deterministic (no
 * timestamp) so it caches and diffs well.
 */
public final class PacScript {
    private PacScript() {
    }

    /** @param proxies in any order: HTTPS listeners are put first, since a TLS hop to the proxy is preferred */
    public static String render(List<PacProxy> proxies, PacSettings settings) {
        if (proxies.isEmpty() && !settings.directFallback()) {
            throw new IllegalArgumentException("a PAC file needs at least one proxy or the direct fallback");
        }
        List<String> directives = new ArrayList<>();
        proxies.stream().sorted(Comparator.comparing(PacProxy::kind)).map(PacProxy::directive)
                .distinct().forEach(directives::add);
        if (settings.directFallback()) {
            directives.add("DIRECT");
        }
        List<String> exact = new ArrayList<>();
        List<String> suffix = new ArrayList<>();
        for (String d : settings.bypassDomains()) {
            if (d.startsWith("*.")) {
                suffix.add(d.substring(1));
            } else if (d.startsWith(".")) {
                exact.add(d.substring(1));
                suffix.add(d);
            } else {
                exact.add(d);
            }
        }
        StringBuilder js = new StringBuilder(1024);
        js.append("// Portcullis proxy auto-config. Generated; edit the daemon's PAC settings instead.\n");
        js.append("var PROXIES = ").append(quote(String.join("; ", directives))).append(";\n");
        js.append("var BYPASS_HOSTS = ").append(array(exact)).append(";\n");
        js.append("var BYPASS_SUFFIXES = ").append(array(suffix)).append(";\n");
        js.append("var BYPASS_NETS = [");
        for (int i = 0; i < settings.bypassCidrs().size(); i++) {
            PacCidr c = settings.bypassCidrs().get(i);
            js.append(i == 0 ? "" : ", ").append('[').append(quote(c.address())).append(", ")
                    .append(quote(c.mask())).append(']');
        }
        js.append("];\n\n");
        js.append("""
                function FindProxyForURL(url, host) {
                  var h = host.toLowerCase();
                  if (h.length > 1 && h.charAt(h.length - 1) == ".") {
                    h = h.substring(0, h.length - 1);
                  }
                  var i;
                  for (i = 0; i < BYPASS_HOSTS.length; i++) {
                    if (h == BYPASS_HOSTS[i]) {
                      return "DIRECT";
                    }
                  }
                  for (i = 0; i < BYPASS_SUFFIXES.length; i++) {
                    if (dnsDomainIs(h, BYPASS_SUFFIXES[i])) {
                      return "DIRECT";
                    }
                  }
                  // Networks match IPv4 literals only: resolving every name here would stall the browser on DNS.
                  if (/^[0-9]{1,3}(\\.[0-9]{1,3}){3}$/.test(h)) {
                    for (i = 0; i < BYPASS_NETS.length; i++) {
                      if (isInNet(h, BYPASS_NETS[i][0], BYPASS_NETS[i][1])) {
                        return "DIRECT";
                      }
                    }
                  }
                  return PROXIES;
                }
                """);
        return js.toString();
    }

    private static String array(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /** Values are validated before they get here; escaping anyway keeps a future caller from injecting code. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e || c == '<' || c == '>') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
