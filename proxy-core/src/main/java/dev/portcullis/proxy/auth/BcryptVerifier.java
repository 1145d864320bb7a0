package dev.portcullis.proxy.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks passwords against bcrypt hashes on a small bounded pool (bcrypt costs tens of milliseconds by design, which
 * would stall every connection of an event loop) and completes on the caller's event loop. Successes are remembered
 * for a short time under an HMAC of (user, password, stored hash) with a per-process random key, so keep-alive
 * clients that resend the header cost nothing and the cache never holds a password or a fast offline-crackable hash.
 */
final class BcryptVerifier implements AutoCloseable {
    static final String THREAD_PREFIX = "portcullis-auth-";
    static final int MAX_CACHED = 100_000;

    /** The actual hash check; replaceable in tests to observe where it runs. */
    interface Check {
        boolean matches(String bcryptHash, String password);
    }

    static final Check BCRYPT = (hash, password) -> OpenBSDBCrypt.checkPassword(hash, password.toCharArray());

    private final ThreadPoolExecutor pool;
    private final Cache<String, Boolean> successes;
    private final Check check;
    private final AuthCounters counters;
    private final byte[] cacheKey = new byte[32];
    private final ThreadLocal<Mac> macs;

    BcryptVerifier(int threads, int queue, Duration cacheTtl, Check check, AuthCounters counters) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.successes = Caffeine.newBuilder().maximumSize(MAX_CACHED).expireAfterWrite(cacheTtl).build();
        this.check = check;
        this.counters = counters;
        new SecureRandom().nextBytes(cacheKey);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has HmacSHA256", e);
            }
        });
    }

    /**
     * Whether {@code password} matches {@code bcryptHash}; the future completes on {@code loop}. Fails with
     * {@link RejectedExecutionException} when the queue is full.
     */
    Future<Boolean> verify(EventExecutor loop, String user, String password, String bcryptHash) {
        String key = cacheKey(user, password, bcryptHash);
        if (successes.getIfPresent(key) != null) {
            counters.cacheHits.increment();
            return loop.newSucceededFuture(true);
        }
        Promise<Boolean> result = loop.newPromise();
        try {
            pool.execute(() -> {
                try {
                    counters.bcryptChecks.increment();
                    boolean ok = check.matches(bcryptHash, password);
                    if (ok) {
                        successes.put(key, Boolean.TRUE);
                    }
                    result.trySuccess(ok);
                } catch (RuntimeException e) {
                    result.tryFailure(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.tryFailure(e);
        }
        return result;
    }

    private String cacheKey(String user, String password, String bcryptHash) {
        Mac mac = macs.get();
        mac.update(user.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(password.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return Base64.getEncoder().encodeToString(mac.doFinal(bcryptHash.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
