package dev.portcullis.proxy.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.portcullis.config.AccessLogPrivacy;
import dev.portcullis.config.AccessLogSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JSON line per exchange or tunnel, with ECS field names so Elasticsearch and ClickHouse pipelines map it
 * without glue. Event loops only enqueue the record; a dedicated thread formats, applies the privacy mode, writes
 * and rotates, so neither a slow disk nor a rename ever stalls traffic. When the queue is full, records are dropped
 * and counted rather than blocking.
 */
public final class JsonAccessLogger implements AccessLogger, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonAccessLogger.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final BlockingQueue<AccessRecord> queue = new ArrayBlockingQueue<>(65_536);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final LogSink out;
    private final ClientPrivacy privacy;
    private final Thread writer;
    private volatile boolean closed;

    JsonAccessLogger(LogSink out, ClientPrivacy privacy) {
        this.out = out;
        this.privacy = privacy;
        this.writer = new Thread(this::drain, "portcullis-access-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** @param path a file (default rotation, no privacy filtering), "-" for stdout, or null for no access log */
    public static AccessLogger create(String path) throws IOException {
        return create(new AccessLogSection(java.util.Optional.ofNullable(path)));
    }

    /**
     * The access log a config section asks for, or {@link AccessLogger#NONE} when it is off.
     *
     * @throws IOException              when the file or the hash key file cannot be opened
     * @throws IllegalArgumentException when the hash key is too short
     */
    public static AccessLogger create(AccessLogSection section) throws IOException {
        if (section.path().isEmpty()) {
            return AccessLogger.NONE;
        }
        ClientPrivacy privacy = section.privacy() == AccessLogPrivacy.HASH
                ? ClientPrivacy.of(AccessLogPrivacy.HASH, ClientPrivacy.key(section.hashKeyFile().orElse(null)))
                : ClientPrivacy.of(section.privacy(), null);
        LogSink sink = section.toStdout() ? LogSink.of(System.out)
                : new RotatingFileSink(Path.of(section.path().get()), section.maxSize(), section.maxFiles());
        return new JsonAccessLogger(sink, privacy);
    }

    @Override
    public void log(AccessRecord r) {
        if (closed || !queue.offer(r)) {
            dropped.incrementAndGet();
        }
    }

    /** Records lost because the queue was full, the log was closed, or writing failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines written so far (flushed at the end of each batch). */
    public long written() {
        return written.get();
    }

    /** The line for {@code r}, newline included, with client identifiers passed through {@code privacy}. */
    static byte[] format(AccessRecord r, ClientPrivacy privacy) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", DateTimeFormatter.ISO_INSTANT.format(r.start()));
            g.writeStringField("event.kind", "event");
            g.writeStringField("event.category", "network");
            g.writeStringField("event.type", r.kind());
            g.writeStringField("event.action", r.action());
            g.writeNumberField("event.duration", r.durationNanos());
            g.writeStringField("http.request.id", r.requestId());
            client(g, r, privacy);
            string(g, "http.request.method", r.method());
            string(g, "url.full", r.url());
            string(g, "destination.domain", r.host());
            if (r.port() > 0) {
                g.writeNumberField("destination.port", r.port());
            }
            string(g, "destination.ip", r.destinationIp());
            if (r.status() > 0) {
                g.writeNumberField("http.response.status_code", r.status());
            }
            g.writeNumberField("source.bytes", r.bytesFromClient());
            g.writeNumberField("destination.bytes", r.bytesToClient());
            string(g, "rule.id", r.ruleId());
            string(g, "rule.name", r.ruleName());
            string(g, "error.code", r.errorCode());
            g.writeBooleanField("tls.inspected", r.tlsInspected());
            if (r.tlsUntrusted()) {
                g.writeBooleanField("tls.untrusted", true); // only pass_through exchanges: absent means verified
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format access record", e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /**
     * Who made the request. A hashed IP is not an IP, so it goes to ECS {@code source.address} (a keyword) rather
     * than {@code source.ip} (typed {@code ip} in Elasticsearch); the port is dropped with it, since with the
     * timestamp it can single out a client behind NAT.
     */
    private static void client(JsonGenerator g, AccessRecord r, ClientPrivacy privacy) throws IOException {
        switch (privacy.mode()) {
            case NONE -> {
                string(g, "source.ip", r.clientIp());
                if (r.clientPort() > 0) {
                    g.writeNumberField("source.port", r.clientPort());
                }
            }
            case HASH -> string(g, "source.address", privacy.apply(r.clientIp()));
            case OMIT -> { }
        }
        string(g, "user.email", privacy.apply(r.userEmail()));
        string(g, "user.name", privacy.apply(r.userName()));
        // The tenant is not personal data: it is never hashed or omitted.
        string(g, "organization.id", r.org());
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private void drain() {
        boolean failing = false;
        while (!closed || !queue.isEmpty()) {
            AccessRecord r;
            try {
                r = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (r == null) {
                continue;
            }
            try {
                do {
                    out.write(format(r, privacy));
                    written.incrementAndGet();
                } while ((r = queue.poll()) != null);
                out.flush();
                if (failing) {
                    log.info("access log writing works again");
                    failing = false;
                }
            } catch (IOException | RuntimeException e) {
                // One bad disk moment must not end access logging for the life of the process: count and go on.
                dropped.incrementAndGet();
                if (!failing) {
                    log.error("access log writing failed; lines are dropped until it works again", e);
                    failing = true;
                }
            }
        }
    }

    /** Writes what is queued, then closes the file; records logged afterwards are dropped. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            log.warn("cannot close access log", e);
        }
    }
}
