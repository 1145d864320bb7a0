package dev.portcullis.policy;

/** The value types of the language. Arrays and maps are fixed to the shapes the Gateway scheme needs. */
public enum FieldType {
    BOOL("Bool"),
    INT("Int"),
    IP("Ip"),
    BYTES("Bytes"),
    INT_ARRAY("Array<Int>"),
    BYTES_ARRAY("Array<Bytes>"),
    /** Map from lower-case name to Array&lt;Bytes&gt; (HTTP headers). */
    BYTES_ARRAY_MAP("Map<Array<Bytes>>");

    private final String display;

    FieldType(String display) {
        this.display = display;
    }

    public boolean isArray() {
        return this == INT_ARRAY || this == BYTES_ARRAY;
    }

    public boolean isMap() {
        return this == BYTES_ARRAY_MAP;
    }

    /** The element type of an array, the value type of a map; itself for scalars. */
    public FieldType element() {
        return switch (this) {
            case INT_ARRAY -> INT;
            case BYTES_ARRAY -> BYTES;
            case BYTES_ARRAY_MAP -> BYTES_ARRAY;
            default -> this;
        };
    }

    /** The name used in documentation and error messages, e.g. {@code Array<Bytes>}. */
    public String display() {
        return display;
    }
}
