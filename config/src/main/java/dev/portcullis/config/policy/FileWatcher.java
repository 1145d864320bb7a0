package dev.portcullis.config.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code onChange} after the watched file changed and then stayed quiet for the debounce time. Watches the
 * directory, not the file, because editors and {@code mv}-style deploys replace the file (a new inode).
 */
public final class FileWatcher implements AutoCloseable {
    public static final long DEFAULT_DEBOUNCE_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final WatchService service;
    private final Path fileName;
    private final long debounceMillis;
    private final Runnable onChange;
    private final Thread thread;

    private FileWatcher(WatchService service, Path fileName, long debounceMillis, Runnable onChange, String name) {
        this.service = service;
        this.fileName = fileName;
        this.debounceMillis = debounceMillis;
        this.onChange = onChange;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public static FileWatcher start(Path file, long debounceMillis, String threadName, Runnable onChange)
            throws IOException {
        Path abs = file.toAbsolutePath();
        WatchService service = FileSystems.getDefault().newWatchService();
        try {
            abs.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        FileWatcher w = new FileWatcher(service, abs.getFileName(), debounceMillis, onChange, threadName);
        w.thread.start();
        return w;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = drain(key);
                // Debounce: keep swallowing events until the directory has been quiet for debounceMillis.
                while (true) {
                    WatchKey more = service.poll(debounceMillis, TimeUnit.MILLISECONDS);
                    if (more == null) {
                        break;
                    }
                    relevant |= drain(more);
                }
                if (relevant) {
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        LOG.error("file change handler for {} failed", fileName, e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the thread ends
        }
    }

    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            // Kubernetes ConfigMap volumes update by swapping the "..data" symlink; the file's own name never shows.
            if (e.kind() == StandardWatchEventKinds.OVERFLOW || fileName.equals(e.context())
                    || String.valueOf(e.context()).startsWith("..data")) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.warn("closing the file watcher of {} failed", fileName, e);
        }
    }
}
