package dev.portcullis.proxy.pipeline;

/**
 * Fired on every client connection when the daemon stops: idle connections close at once, busy ones after their
 * current exchange. Tunnels keep running until the drain deadline.
 */
public final class DrainEvent {
    public static final DrainEvent INSTANCE = new DrainEvent();

    private DrainEvent() {
    }
}
