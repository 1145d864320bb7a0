package dev.portcullis.config.policy;

import java.util.List;
import java.util.Map;

/**
 * A JSON value that remembers where it was in the file, so validation after parsing can still say line:column.
 * Jackson's own tree drops locations; rules and settings are small, so a located tree costs nothing there.
 */
sealed interface Node {
    Loc loc();

    /** A human name for the JSON type, used in "expected a string, got a number" messages. */
    String kind();

    record Loc(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    record Member(Loc keyLoc, Node value) {
    }

    record Obj(Loc loc, Map<String, Member> members) implements Node {
        @Override
        public String kind() {
            return "an object";
        }
    }

    record Arr(Loc loc, List<Node> items) implements Node {
        @Override
        public String kind() {
            return "an array";
        }
    }

    record Str(Loc loc, String value) implements Node {
        @Override
        public String kind() {
            return "a string";
        }
    }

    /** Integral numbers only: nothing in a policy document is fractional. */
    record Num(Loc loc, boolean integral, long value, String text) implements Node {
        @Override
        public String kind() {
            return "a number";
        }
    }

    record Bool(Loc loc, boolean value) implements Node {
        @Override
        public String kind() {
            return "a boolean";
        }
    }

    record Null(Loc loc) implements Node {
        @Override
        public String kind() {
            return "null";
        }
    }
}
