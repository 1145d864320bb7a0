package dev.portcullis.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found in one load, so an operator fixes a file in one round; formats each as
 * {@code <file>:<line>:<column> <json-pointer>: <message>} and orders them as they appear in the file.
 */
final class Problems {

    static final int CAP = 50;

    private record Entry(Position pos, String pointer, String message, int seq) {
    }

    private final String source;
    private final List<Entry> entries = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(Position pos, String pointer, String message) {
        entries.add(new Entry(pos, pointer, message, entries.size()));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    ConfigException toException() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((Entry e) -> e.pos() == null || !e.pos().source().equals(source))
                .thenComparingInt(e -> e.pos() == null ? 0 : e.pos().line())
                .thenComparingInt(e -> e.pos() == null ? 0 : e.pos().column())
                .thenComparingInt(Entry::seq));
        List<String> lines = new ArrayList<>();
        for (Entry e : sorted) {
            if (lines.size() == CAP) {
                lines.add("... and " + (sorted.size() - CAP) + " more problems");
                break;
            }
            String where = e.pos() == null ? source : e.pos().toString();
            lines.add(e.pointer() == null ? where + ": " + e.message() : where + " " + e.pointer() + ": " + e.message());
        }
        return new ConfigException(lines);
    }

    /** Quotes user text in messages without letting a huge or multi-line value swamp them. */
    static String clip(String s) {
        String oneLine = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    /** One JSON pointer token (RFC 6901 escaping). */
    static String token(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
