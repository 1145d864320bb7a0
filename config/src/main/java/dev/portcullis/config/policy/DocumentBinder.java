package dev.portcullis.config.policy;

import dev.portcullis.config.policy.PolicyDocument.ListDoc;
import dev.portcullis.config.policy.PolicyDocument.RuleDoc;
import dev.portcullis.config.policy.PolicyDocument.RuleSettingsDoc;
import dev.portcullis.config.policy.PolicyDocument.SettingsDoc;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the located raw document into validated records: keys, types, actions per filter, settings that only
 * make sense for some actions, unique ids, names and precedences. Expressions are checked later by the engine.
 */
final class DocumentBinder {
    static final Set<String> RULE_KEYS = Set.of("id", "name", "description", "precedence", "enabled", "action",
            "filters", "traffic", "identity", "device_posture", "rule_settings",
            // Read-only metadata of Gateway's API: accepted so an API export loads unchanged, and ignored.
            "created_at", "updated_at", "deleted_at", "version", "source_account", "read_only", "sharable",
            "not_sharable", "warning_status", "schedule", "expiration");
    static final Set<String> RULE_SETTINGS_KEYS = Set.of("block_page_enabled", "block_reason", "redirect",
            "add_headers", "untrusted_cert");
    static final Set<String> SETTINGS_KEYS = Set.of("tls_decrypt", "default_action", "block_page", "intelligence");

    static final List<String> HTTP_ACTIONS = List.of("allow", "block", "off", "on", "redirect");
    static final List<String> L4_ACTIONS = List.of("allow", "block");
    /** Gateway actions with no meaning in this product; named in the error so nobody thinks they were applied. */
    static final Set<String> GATEWAY_ONLY_ACTIONS = Set.of("isolate", "noisolate", "scan", "noscan", "quarantine",
            "l4_override", "egress", "audit_ssh", "resolve", "safesearch", "ytrestricted", "override");
    static final List<String> FILTERS = List.of("http", "l4");
    static final List<String> LIST_TYPES = List.of("DOMAIN", "URL", "IP", "EMAIL", "SERIAL");
    static final List<String> UNTRUSTED_CERT_ACTIONS = List.of("error", "block", "pass_through");
    static final int MAX_PRECEDENCE = Integer.MAX_VALUE;
    /** What the engine accepts after {@code $}: checked here too so the error points at the list's key. */
    private static final java.util.regex.Pattern LIST_REF = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    private final Problems problems;

    DocumentBinder(Problems problems) {
        this.problems = problems;
    }

    PolicyDocument bind(DocumentReader.Raw raw) {
        List<ListDoc> lists = bindLists(raw.lists());
        List<RuleDoc> rules = bindRules(raw.rules(), raw.rulesKey());
        SettingsDoc settings = raw.settings() == null ? SettingsDoc.DEFAULTS : bindSettings(raw.settings());
        return new PolicyDocument(rules, lists, settings);
    }

    private List<RuleDoc> bindRules(Node node, String key) {
        List<RuleDoc> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Node.Arr arr)) {
            problems.at(node.loc(), key, "expected an array of rules, got " + node.kind());
            return out;
        }
        Map<String, String> ids = new HashMap<>();
        Map<String, String> precedences = new HashMap<>();
        for (int i = 0; i < arr.items().size(); i++) {
            Node n = arr.items().get(i);
            String label = "rules[" + i + "]";
            if (n instanceof Node.Obj o && o.members().get("name") != null
                    && o.members().get("name").value() instanceof Node.Str s) {
                label += " \"" + s.value() + "\"";
            }
            String where = label + " ";
            Optional<ObjView> view = ObjView.of(n, where, RULE_KEYS, problems);
            if (view.isEmpty()) {
                continue;
            }
            RuleDoc rule = bindRule(i, label, where, view.get());
            if (rule == null) {
                continue;
            }
            if (rule.id() != null) {
                String prev = ids.putIfAbsent(rule.id(), label);
                if (prev != null) {
                    problems.at(view.get().locOf("id"), where + "id", "duplicate rule id '" + rule.id()
                            + "' (also used by " + prev + ")");
                }
            }
            String precKey = rule.filter() + "/" + rule.precedence();
            String prev = precedences.putIfAbsent(precKey, label);
            if (prev != null) {
                problems.at(view.get().locOf("precedence"), where + "precedence", "duplicate precedence "
                        + rule.precedence() + " among " + rule.filter() + " rules (also used by " + prev
                        + "); the order would be ambiguous");
            }
            out.add(rule);
        }
        return out;
    }

    private RuleDoc bindRule(int index, String label, String where, ObjView v) {
        String id = v.string("id").orElse(null);
        if (id != null && id.isBlank()) {
            v.error("id", "must not be empty");
        }
        String name = v.requiredString("name").orElse(null);
        if (name != null && name.isBlank()) {
            v.error("name", "must not be empty");
        }
        String description = v.string("description").orElse(null);
        Long precedence = v.integer("precedence", 0, MAX_PRECEDENCE).orElse(null);
        if (!v.has("precedence")) {
            v.missing("precedence");
        }
        boolean enabled = v.bool("enabled", true);
        for (String unsupported : List.of("schedule", "expiration")) {
            v.node(unsupported).filter(n -> !(n instanceof Node.Null)).ifPresent(n -> v.error(unsupported,
                    "'" + unsupported + "' is not supported by Portcullis; remove it (the rule would otherwise apply"
                            + " at all times)"));
        }
        String filter = bindFilter(v);
        String action = bindAction(v, filter);
        String traffic = expression(v, "traffic");
        String identity = expression(v, "identity");
        String posture = expression(v, "device_posture");
        RuleSettingsDoc settings = bindRuleSettings(v, filter, action);
        if (name == null || precedence == null || filter == null || action == null || settings == null) {
            return null;
        }
        return new RuleDoc(index, label, id, name, description, precedence.intValue(), enabled, filter, action,
                traffic, identity, posture, settings);
    }

    private static String expression(ObjView v, String key) {
        return v.string(key).orElse("");
    }

    private String bindFilter(ObjView v) {
        if (!v.has("filters")) {
            v.missing("filters");
            return null;
        }
        Optional<Node.Arr> arr = v.array("filters");
        if (arr.isEmpty()) {
            return null;
        }
        if (arr.get().items().size() != 1) {
            v.error("filters", "must hold exactly one of " + quoted(FILTERS) + ", got " + arr.get().items().size()
                    + " entries");
            return null;
        }
        Node f = arr.get().items().get(0);
        if (!(f instanceof Node.Str s)) {
            problems.at(f.loc(), v.pathOf("filters[0]"), "expected a string, got " + f.kind());
            return null;
        }
        if (FILTERS.contains(s.value())) {
            return s.value();
        }
        String why = switch (s.value()) {
            case "dns" -> "Portcullis is a forward proxy and sees no DNS queries; use 'http' or 'l4'";
            case "egress" -> "Portcullis does not control egress IPs; use 'http' or 'l4'";
            default -> "expected one of " + quoted(FILTERS) + Suggest.hint(s.value(), FILTERS);
        };
        problems.at(f.loc(), v.pathOf("filters[0]"), "unsupported filter '" + s.value() + "': " + why);
        return null;
    }

    private String bindAction(ObjView v, String filter) {
        Optional<String> a = v.requiredString("action");
        if (a.isEmpty()) {
            return null;
        }
        String action = a.get();
        if (GATEWAY_ONLY_ACTIONS.contains(action)) {
            v.error("action", "Gateway action '" + action + "' is not implemented by Portcullis; supported actions: "
                    + quoted(filter == null ? HTTP_ACTIONS : allowed(filter)));
            return null;
        }
        if (filter == null) {
            if (!HTTP_ACTIONS.contains(action)) {
                v.error("action", "unknown action '" + action + "'; use one of " + quoted(HTTP_ACTIONS)
                        + Suggest.hint(action, HTTP_ACTIONS));
            }
            return null;
        }
        List<String> allowed = allowed(filter);
        if (!allowed.contains(action)) {
            if (HTTP_ACTIONS.contains(action)) {
                v.error("action", "action '" + action + "' is not valid for " + filter + " rules; use one of "
                        + quoted(allowed));
            } else {
                v.error("action", "unknown action '" + action + "'; use one of " + quoted(allowed)
                        + Suggest.hint(action, allowed));
            }
            return null;
        }
        return action;
    }

    private static List<String> allowed(String filter) {
        return filter.equals("l4") ? L4_ACTIONS : HTTP_ACTIONS;
    }

    private RuleSettingsDoc bindRuleSettings(ObjView rule, String filter, String action) {
        if (!rule.has("rule_settings")) {
            if ("redirect".equals(action)) {
                rule.error("action", "a redirect rule needs rule_settings.redirect.target_uri");
                return null;
            }
            return RuleSettingsDoc.DEFAULTS;
        }
        Optional<ObjView> sv = rule.object("rule_settings", RULE_SETTINGS_KEYS);
        if (sv.isEmpty()) {
            return null;
        }
        ObjView s = sv.get();
        boolean ok = true;
        boolean blockPage = s.bool("block_page_enabled", false);
        String reason = s.string("block_reason").orElse(null);
        if (action != null && !action.equals("block")) {
            for (String k : List.of("block_page_enabled", "block_reason")) {
                if (s.has(k)) {
                    s.error(k, "applies only to block rules, not to action '" + action + "'");
                    ok = false;
                }
            }
        }
        if ("l4".equals(filter) && s.has("block_page_enabled")) {
            s.error("block_page_enabled", "l4 rules cannot show a block page; remove it");
            ok = false;
        }
        String target = null;
        boolean preserve = false;
        if (s.has("redirect")) {
            if (action != null && !action.equals("redirect")) {
                s.error("redirect", "applies only to redirect rules, not to action '" + action + "'");
                ok = false;
            }
            Optional<ObjView> r = s.object("redirect", Set.of("target_uri", "preserve_path_and_query",
                    "include_context"));
            if (r.isPresent()) {
                target = r.get().requiredString("target_uri").orElse(null);
                preserve = r.get().bool("preserve_path_and_query", false);
                if (r.get().bool("include_context", false)) {
                    r.get().error("include_context", "include_context is not supported by Portcullis");
                    ok = false;
                }
                if (target != null && !validTarget(target)) {
                    r.get().error("target_uri", "must be an absolute http:// or https:// URI, got '" + target + "'");
                    ok = false;
                }
            } else {
                ok = false;
            }
        }
        if ("redirect".equals(action) && target == null && !s.has("redirect")) {
            s.error("redirect", "a redirect rule needs rule_settings.redirect.target_uri");
            ok = false;
        } else if ("redirect".equals(action) && target == null) {
            ok = false;
        }
        Map<String, List<String>> headers = Map.of();
        if (s.has("add_headers")) {
            if (action != null && !action.equals("allow")) {
                s.error("add_headers", "applies only to allow rules, not to action '" + action + "'");
                ok = false;
            }
            headers = bindHeaders(s);
            ok &= headers != null;
        }
        String untrusted = null;
        if (s.has("untrusted_cert")) {
            if (action != null && !action.equals("allow") && !action.equals("on")) {
                s.error("untrusted_cert", "applies only to allow and on rules, not to action '" + action + "'");
                ok = false;
            }
            Optional<ObjView> u = s.object("untrusted_cert", Set.of("action"));
            untrusted = u.flatMap(x -> x.requiredString("action")).orElse(null);
            if (untrusted != null && !UNTRUSTED_CERT_ACTIONS.contains(untrusted)) {
                u.get().error("action", "unknown untrusted_cert action '" + untrusted + "'; use one of "
                        + quoted(UNTRUSTED_CERT_ACTIONS) + Suggest.hint(untrusted, UNTRUSTED_CERT_ACTIONS));
                untrusted = null;
            }
            ok &= untrusted != null;
        }
        return ok ? new RuleSettingsDoc(blockPage, reason, target, preserve, headers, untrusted) : null;
    }

    private static boolean validTarget(String target) {
        try {
            URI u = new URI(target);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Gateway's shape: {@code {"X-Header": ["v1", "v2"]}}. */
    private Map<String, List<String>> bindHeaders(ObjView s) {
        Optional<Node> n = s.node("add_headers");
        if (!(n.get() instanceof Node.Obj o)) {
            s.error("add_headers", "expected an object of header name to array of values, got " + n.get().kind());
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        boolean ok = true;
        for (var e : o.members().entrySet()) {
            String where = s.pathOf("add_headers." + e.getKey());
            if (!e.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                problems.at(e.getValue().keyLoc(), where, "not a valid HTTP header name");
                ok = false;
                continue;
            }
            if (!(e.getValue().value() instanceof Node.Arr arr)) {
                problems.at(e.getValue().value().loc(), where, "expected an array of strings, got "
                        + e.getValue().value().kind());
                ok = false;
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Node item : arr.items()) {
                if (item instanceof Node.Str str && str.value().chars().noneMatch(c -> c == '\r' || c == '\n')) {
                    values.add(str.value());
                } else {
                    problems.at(item.loc(), where, item instanceof Node.Str
                            ? "header values must not contain CR or LF" : "expected a string, got " + item.kind());
                    ok = false;
                }
            }
            out.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(values));
        }
        return ok ? Map.copyOf(out) : null;
    }

    private SettingsDoc bindSettings(Node node) {
        Optional<ObjView> sv = ObjView.of(node, "settings", SETTINGS_KEYS, problems);
        if (sv.isEmpty()) {
            return SettingsDoc.DEFAULTS;
        }
        ObjView s = sv.get();
        boolean tls = s.object("tls_decrypt", Set.of("enabled")).map(t -> t.bool("enabled", false)).orElse(false);
        String dflt = s.string("default_action").orElse("allow");
        if (!dflt.equals("allow") && !dflt.equals("block")) {
            s.error("default_action", "must be 'allow' or 'block', got '" + dflt + "'");
        }
        String title = null;
        String footer = null;
        Optional<ObjView> bp = s.object("block_page", Set.of("title", "footer"));
        if (bp.isPresent()) {
            title = bp.get().string("title").orElse(null);
            footer = bp.get().string("footer").orElse(null);
        }
        String intel = s.string("intelligence").orElse(null);
        if (intel != null && intel.isBlank()) {
            s.error("intelligence", "must be a file path, got an empty string");
            intel = null;
        }
        return new SettingsDoc(tls, dflt, title, footer, intel, s.locOf("intelligence"));
    }

    private List<ListDoc> bindLists(List<DocumentReader.RawList> raws) {
        List<ListDoc> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (DocumentReader.RawList raw : raws) {
            String label = "lists[" + raw.index() + "]";
            Node.Member nameMember = raw.meta().get("name");
            if (nameMember != null && nameMember.value() instanceof Node.Str s) {
                label += " \"" + s.value() + "\"";
            }
            ObjView v = ObjView.of(new Node.Obj(raw.loc(), raw.meta()), label + " ", DocumentReader.LIST_KEYS, problems)
                    .orElseThrow();
            String name = v.requiredString("name").orElse(null);
            if (name != null && !LIST_REF.matcher(name).matches()) {
                v.error("name", "list names are referenced as $name in expressions, so they may only hold letters,"
                        + " digits, '_' and '-' (not first); got '" + name + "'");
                name = null;
            }
            String id = v.string("id").orElse(null);
            if (id != null && !LIST_REF.matcher(id).matches()) {
                v.error("id", "list ids are referenced as $id in expressions, so they may only hold letters,"
                        + " digits, '_' and '-' (not first); got '" + id + "'");
                id = null;
            }
            v.string("description");
            v.string("created_at");
            v.string("updated_at");
            v.integer("count", 0, Long.MAX_VALUE);
            String type = v.requiredString("type").orElse(null);
            if (type != null && !LIST_TYPES.contains(type)) {
                v.error("type", "unknown list type '" + type + "'; use one of " + quoted(LIST_TYPES)
                        + Suggest.hint(type, LIST_TYPES));
                type = null;
            }
            if (raw.items() == null && v.has("items")) {
                v.error("items", "expected an array of {\"value\": ...} objects, got "
                        + v.node("items").orElseThrow().kind());
            } else if (raw.items() == null) {
                v.missing("items");
            }
            if (name != null) {
                String prev = names.putIfAbsent(name, label);
                if (prev != null) {
                    v.error("name", "duplicate list name '" + name + "' (also used by " + prev + ")");
                    name = null;
                }
            }
            if (id != null) {
                String prev = ids.putIfAbsent(id, label);
                if (prev != null) {
                    v.error("id", "duplicate list id '" + id + "' (also used by " + prev + ")");
                    id = null;
                }
            }
            if (name != null && type != null && raw.items() != null) {
                out.add(new ListDoc(raw.index(), label, raw.itemsLoc(), id, name, type, raw.items()));
            }
        }
        return out;
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values);
    }
}
