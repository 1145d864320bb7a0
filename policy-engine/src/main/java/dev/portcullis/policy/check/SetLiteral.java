package dev.portcullis.policy.check;

import dev.portcullis.policy.lists.IpRange;
import java.util.List;

/** The items of a literal set {@code {...}}, typed by the left-hand side. */
public sealed interface SetLiteral {
    record Bytes(List<String> items) implements SetLiteral {
    }

    /** Inclusive ranges; a single number is a range of one. */
    record Ints(List<long[]> ranges) implements SetLiteral {
    }

    record Ips(List<IpRange> ranges) implements SetLiteral {
    }
}
