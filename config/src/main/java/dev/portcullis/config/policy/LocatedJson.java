package dev.portcullis.config.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one JSON value from a streaming parser into a located {@link Node} tree, flagging duplicate keys. */
final class LocatedJson {
    private LocatedJson() {
    }

    static Node.Loc loc(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new Node.Loc(l.getLineNr(), l.getColumnNr());
    }

    /** Reads the value at the parser's current token (which must already be positioned on it). */
    static Node read(JsonParser p, Problems problems, String where) throws IOException {
        Node.Loc loc = loc(p);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node.Member> members = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Node.Loc keyLoc = loc(p);
                    p.nextToken();
                    Node value = read(p, problems, where.isEmpty() ? key : where + "." + key);
                    if (members.putIfAbsent(key, new Node.Member(keyLoc, value)) != null) {
                        problems.at(keyLoc, where.isEmpty() ? key : where + "." + key, "duplicate key '" + key + "'");
                    }
                }
                return new Node.Obj(loc, members);
            }
            case START_ARRAY: {
                var items = new ArrayList<Node>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, problems, where + "[" + items.size() + "]"));
                }
                return new Node.Arr(loc, items);
            }
            case VALUE_STRING:
                return new Node.Str(loc, p.getText());
            case VALUE_NUMBER_INT: {
                String text = p.getText();
                if (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG) {
                    return new Node.Num(loc, true, p.getLongValue(), text);
                }
                return new Node.Num(loc, false, 0, text);
            }
            case VALUE_NUMBER_FLOAT:
                return new Node.Num(loc, false, 0, p.getText());
            case VALUE_TRUE:
                return new Node.Bool(loc, true);
            case VALUE_FALSE:
                return new Node.Bool(loc, false);
            case VALUE_NULL:
                return new Node.Null(loc);
            default:
                throw new IllegalStateException("unexpected JSON token " + t + " at " + loc);
        }
    }
}
