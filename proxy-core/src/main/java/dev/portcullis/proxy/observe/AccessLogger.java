package dev.portcullis.proxy.observe;

/** Receives one record per finished exchange or tunnel. Called on event loops: must not block. */
public interface AccessLogger {
    void log(AccessRecord record);

    AccessLogger NONE = record -> {
    };
}
