package dev.portcullis.config.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams a policy document. Rules and settings are small and read into located trees for {@link DocumentBinder};
 * list items can number in the millions and are streamed straight into strings.
 */
final class DocumentReader {
    static final Set<String> TOP_KEYS = Set.of("rules", "lists", "settings", "result", "success", "errors",
            "messages", "result_info");
    /** Keys of Gateway's API envelope around {@code result}; accepted and ignored. */
    private static final Set<String> ENVELOPE_KEYS = Set.of("success", "errors", "messages", "result_info");
    static final Set<String> LIST_KEYS = Set.of("id", "name", "type", "items", "description", "count",
            "created_at", "updated_at");
    static final Set<String> ITEM_KEYS = Set.of("value", "description", "created_at");

    /** Duplicate keys are detected by this reader itself (with locations), not by Jackson. */
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** The raw pieces; {@code rules} holds the located rule array, whichever of the two spellings carried it. */
    record Raw(Node rules, String rulesKey, List<RawList> lists, Node settings) {
    }

    record RawList(int index, Node.Loc loc, Map<String, Node.Member> meta, List<String> items, Node.Loc itemsLoc) {
    }

    private final Problems problems;

    DocumentReader(Problems problems) {
        this.problems = problems;
    }

    /** Returns null when the document is not even readable JSON (the reason is in {@code problems}). */
    Raw read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readTop(p);
        } catch (JsonProcessingException e) {
            var l = e.getLocation();
            String at = l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr();
            problems.add(problems.source() + at + ": invalid JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            problems.add(problems.source() + ": cannot read: " + e.getMessage());
            return null;
        }
    }

    private Raw readTop(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            problems.add(problems.source() + ": empty document; expected a JSON object with \"rules\"");
            return null;
        }
        if (first != JsonToken.START_OBJECT) {
            problems.at(LocatedJson.loc(p), "(document)", "expected a JSON object with \"rules\", got "
                    + LocatedJson.read(p, problems, "").kind());
            return null;
        }
        Node rules = null;
        String rulesKey = null;
        List<RawList> lists = new ArrayList<>();
        Node settings = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Node.Loc keyLoc = LocatedJson.loc(p);
            JsonToken valueToken = p.nextToken();
            if (!seen.add(key)) {
                problems.at(keyLoc, key, "duplicate key '" + key + "'");
                p.skipChildren();
                continue;
            }
            switch (key) {
                case "rules", "result" -> {
                    if (rules != null) {
                        problems.at(keyLoc, key, "both \"rules\" and \"result\" given; use one");
                    }
                    rules = LocatedJson.read(p, problems, key);
                    rulesKey = key;
                }
                case "lists" -> {
                    if (valueToken != JsonToken.START_ARRAY) {
                        Node n = LocatedJson.read(p, problems, key);
                        problems.at(n.loc(), key, "expected an array, got " + n.kind());
                    } else {
                        readLists(p, lists);
                    }
                }
                case "settings" -> settings = LocatedJson.read(p, problems, key);
                default -> {
                    if (!ENVELOPE_KEYS.contains(key)) {
                        problems.at(keyLoc, key, "unknown key '" + key + "'" + Suggest.hint(key, TOP_KEYS));
                    }
                    p.skipChildren();
                }
            }
        }
        if (p.nextToken() != null) {
            problems.at(LocatedJson.loc(p), "(document)", "unexpected content after the top-level object");
        }
        if (rules == null) {
            problems.add(problems.source() + ": missing required key 'rules' (or Gateway's envelope 'result')");
        }
        return new Raw(rules, rulesKey, lists, settings);
    }

    private void readLists(JsonParser p, List<RawList> out) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int index = out.size();
            String where = "lists[" + index + "]";
            Node.Loc loc = LocatedJson.loc(p);
            if (p.currentToken() != JsonToken.START_OBJECT) {
                Node n = LocatedJson.read(p, problems, where);
                problems.at(n.loc(), where, "expected an object, got " + n.kind());
                out.add(new RawList(index, loc, Map.of(), null, loc));
                continue;
            }
            Map<String, Node.Member> meta = new LinkedHashMap<>();
            List<String> items = null;
            Node.Loc itemsLoc = loc;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Node.Loc keyLoc = LocatedJson.loc(p);
                JsonToken vt = p.nextToken();
                if (meta.containsKey(key) || (key.equals("items") && items != null)) {
                    problems.at(keyLoc, where + "." + key, "duplicate key '" + key + "'");
                    p.skipChildren();
                } else if (key.equals("items") && vt == JsonToken.START_ARRAY) {
                    itemsLoc = LocatedJson.loc(p);
                    items = readItems(p, where + ".items");
                } else {
                    meta.put(key, new Node.Member(keyLoc, LocatedJson.read(p, problems, where + "." + key)));
                }
            }
            out.add(new RawList(index, loc, meta, items, itemsLoc));
        }
    }

    /**
     * Items are {@code {"value": "..."}} as in Gateway's list API; bare strings are accepted too. Read token by
     * token without building a tree: a generated list can hold millions of them.
     */
    private List<String> readItems(JsonParser p, String where) throws IOException {
        List<String> items = new ArrayList<>();
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                items.add(p.getText());
            } else if (t == JsonToken.START_OBJECT) {
                readItem(p, where, i, items);
            } else {
                String w = where + "[" + i + "]";
                Node n = LocatedJson.read(p, problems, w);
                problems.at(n.loc(), w, "expected {\"value\": ...} or a string, got " + n.kind());
            }
            i++;
        }
        return items;
    }

    /** Locations and paths are only computed on the error paths: this runs once per list item. */
    private void readItem(JsonParser p, String where, int index, List<String> items) throws IOException {
        String value = null;
        boolean sawValue = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (!ITEM_KEYS.contains(key)) {
                problems.at(LocatedJson.loc(p), where + "[" + index + "]." + key, "unknown key '" + key + "'"
                        + Suggest.hint(key, ITEM_KEYS));
                p.nextToken();
                p.skipChildren();
                continue;
            }
            boolean isValue = key.equals("value");
            if (isValue && sawValue) {
                problems.at(LocatedJson.loc(p), where + "[" + index + "].value", "duplicate key 'value'");
            }
            sawValue |= isValue;
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                String w = where + "[" + index + "]." + key;
                Node n = LocatedJson.read(p, problems, w);
                problems.at(n.loc(), w, "expected a string, got " + n.kind());
            } else if (isValue) {
                value = p.getText();
            }
        }
        if (value != null) {
            items.add(value);
        } else if (!sawValue) {
            problems.at(LocatedJson.loc(p), where + "[" + index + "]", "missing required key 'value'");
        }
    }
}
