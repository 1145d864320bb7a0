package dev.portcullis.policy.compile;

/** Specialised predicates on one unboxed value, built once per comparison. */
final class Preds {
    private Preds() {
    }

    @FunctionalInterface
    interface BytesPred {
        boolean test(String s);
    }

    @FunctionalInterface
    interface LongPred {
        boolean test(long v);
    }

    @FunctionalInterface
    interface IpPred {
        boolean test(long hi, long lo);
    }
}
