package dev.portcullis.policy;

/**
 * A filter that does not parse, does not type-check, or uses a field outside its phase. Carries the source,
 * the 1-based line and column of the problem and its span so callers can print a caret under it.
 */
public final class PolicyParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int startOffset;
    private final int endOffset;
    private final int line;
    private final int column;
    private final String detail;

    public PolicyParseException(String source, int startOffset, int endOffset, String detail) {
        super(null, null, false, false);
        this.source = source == null ? "" : source;
        int start = clamp(startOffset, this.source.length());
        this.startOffset = start;
        this.endOffset = Math.max(start, clamp(endOffset, this.source.length()));
        this.detail = detail;
        int l = 1;
        int lineStart = 0;
        for (int i = 0; i < start; i++) {
            if (this.source.charAt(i) == '\n') {
                l++;
                lineStart = i + 1;
            }
        }
        this.line = l;
        this.column = start - lineStart + 1;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public int startOffset() {
        return startOffset;
    }

    public int endOffset() {
        return endOffset;
    }

    /** The problem alone, e.g. {@code unknown field 'http.request.hots'; did you mean 'http.request.host'?}. */
    public String detail() {
        return detail;
    }

    public String source() {
        return source;
    }

    @Override
    public String getMessage() {
        return line + ":" + column + ": " + detail;
    }

    /**
     * {@code prefix line:col: detail}, then the source line and a caret underline of the span (at least one
     * caret, clipped to the end of that line). An empty prefix prints no leading space.
     */
    public String render(String prefix) {
        int lineStart = source.lastIndexOf('\n', startOffset - 1) + 1;
        int lineEnd = source.indexOf('\n', startOffset);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        String text = source.substring(lineStart, lineEnd).replace('\r', ' ');
        StringBuilder caret = new StringBuilder();
        for (int i = lineStart; i < startOffset; i++) {
            caret.append(source.charAt(i) == '\t' ? '\t' : ' ');
        }
        int carets = Math.max(1, Math.min(endOffset, lineEnd) - startOffset);
        caret.append("^".repeat(carets));
        String head = (prefix == null || prefix.isEmpty() ? "" : prefix + " ") + getMessage();
        return head + "\n  " + text + "\n  " + caret;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}
