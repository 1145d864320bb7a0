package dev.portcullis.proxy.observe;

/** Counts each access record, then passes it on: the one place most traffic metrics come from. */
final class MeteringAccessLogger implements AccessLogger {
    private final AccessMeters meters;
    private final AccessLogger next;

    MeteringAccessLogger(AccessMeters meters, AccessLogger next) {
        this.meters = meters;
        this.next = next;
    }

    @Override
    public void log(AccessRecord record) {
        meters.record(record);
        next.log(record);
    }
}
