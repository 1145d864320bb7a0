package dev.portcullis.config;

/** Where a token starts in a source document; 1-based line and column. */
record Position(String source, int line, int column) {

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
