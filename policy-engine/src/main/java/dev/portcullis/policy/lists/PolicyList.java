package dev.portcullis.policy.lists;

/** One named list of a {@link PolicyLists}; the items live in the owning {@link PolicyLists}. */
public final class PolicyList {
    private final String name;
    private final String id;
    private final ListType type;
    private final int size;
    private final int ordinal;

    PolicyList(String name, String id, ListType type, int size, int ordinal) {
        this.name = name;
        this.id = id;
        this.type = type;
        this.size = size;
        this.ordinal = ordinal;
    }

    public String name() {
        return name;
    }

    /** The Gateway list id (a UUID), or null. */
    public String id() {
        return id;
    }

    public ListType type() {
        return type;
    }

    /** Number of distinct items after normalisation. */
    public int size() {
        return size;
    }

    /** Dense number of this list within its {@link PolicyLists}; engine-internal. */
    public int ordinal() {
        return ordinal;
    }

    @Override
    public String toString() {
        return "$" + name + " (" + type + ", " + size + " items)";
    }
}
