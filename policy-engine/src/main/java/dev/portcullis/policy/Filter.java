package dev.portcullis.policy;

/** A compiled condition. Implementations from this engine are immutable and thread-safe. */
@FunctionalInterface
public interface Filter {
    boolean execute(ExecutionContext ctx);
}
