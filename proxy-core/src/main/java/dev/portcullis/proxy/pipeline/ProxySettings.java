package dev.portcullis.proxy.pipeline;

import java.time.Duration;

/** What the proxy pipelines need from the daemon config, in the units they use. */
public record ProxySettings(String viaPseudonym,
                            int maxConnections,
                            int maxInitialLineLength,
                            int maxHeaderSize,
                            int maxChunkSize,
                            Duration headerReadTimeout,
                            Duration clientIdleTimeout,
                            Duration tunnelIdleTimeout,
                            Duration connectTimeout,
                            Duration upstreamResponseTimeout,
                            int maxIdlePerHost,
                            Duration poolIdleTimeout,
                            int h2MaxConcurrentStreams,
                            int h2MaxResets,
                            Duration h2ResetWindow) {
}
