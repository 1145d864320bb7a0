package dev.portcullis.proxy.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JSON line per exchange or tunnel, with ECS field names so Elasticsearch and ClickHouse pipelines map it
 * without glue. Event loops only format and enqueue; a dedicated thread writes, so a slow disk never stalls traffic.
 * When the queue is full, lines are dropped and counted rather than blocking.
 */
public final class JsonAccessLogger implements AccessLogger, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonAccessLogger.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(65_536);
    private final AtomicLong dropped = new AtomicLong();
    private final Writer out;
    private final Thread writer;
    private volatile boolean closed;

    private JsonAccessLogger(Writer out) {
        this.out = out;
        this.writer = new Thread(this::drain, "portcullis-access-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** @param path a file, "-" for stdout, or null for no access log */
    public static AccessLogger create(String path) throws IOException {
        if (path == null) {
            return AccessLogger.NONE;
        }
        if (path.equals("-")) {
            return new JsonAccessLogger(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        }
        return new JsonAccessLogger(Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    @Override
    public void log(AccessRecord r) {
        if (closed || !queue.offer(format(r))) {
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    static String format(AccessRecord r) {
        StringWriter sw = new StringWriter(384);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", DateTimeFormatter.ISO_INSTANT.format(r.start()));
            g.writeStringField("event.kind", "event");
            g.writeStringField("event.category", "network");
            g.writeStringField("event.type", r.kind());
            g.writeStringField("event.action", r.action());
            g.writeNumberField("event.duration", r.durationNanos());
            g.writeStringField("http.request.id", r.requestId());
            string(g, "source.ip", r.clientIp());
            if (r.clientPort() > 0) {
                g.writeNumberField("source.port", r.clientPort());
            }
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
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot format access record", e);
        }
        return sw.toString();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private void drain() {
        try {
            while (!closed || !queue.isEmpty()) {
                String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                out.write(line);
                out.write('\n');
                while ((line = queue.poll()) != null) {
                    out.write(line);
                    out.write('\n');
                }
                out.flush();
            }
        } catch (IOException e) {
            log.error("access log writing failed; further lines are dropped", e);
            closed = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("cannot flush access log", e);
        }
    }
}
