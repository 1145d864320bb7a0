package dev.portcullis.proxy.auth;

import dev.portcullis.config.AuthSection;
import dev.portcullis.config.DeviceToken;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProxyAuth#authenticate} on its own: schemes, unknown users, throttling, counters. */
class ProxyAuthTest {
    private static final DefaultEventLoopGroup LOOPS = new DefaultEventLoopGroup(1);

    @AfterAll
    static void stop() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static AuthOutcome check(ProxyAuth auth, String header, String ip) throws Exception {
        EventLoop loop = LOOPS.next();
        return auth.authenticate(header, InetAddress.getByName(ip), loop).get(10, TimeUnit.SECONDS);
    }

    @Test
    void basicBearerUnknownUsersAndThrottling(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "ann:"
                + OpenBSDBCrypt.generate("2y", "pw".toCharArray(), new byte[16], 4) + ":ann@acme.example:finance\n");
        String tokenHash = HexFormat.of().formatHex(DeviceTokens.sha256("device-secret"));
        AuthSection section = new AuthSection(Optional.of(users), "Acme", List.of(new DeviceToken(tokenHash, "pc-1",
                Optional.empty(), Optional.empty(), List.of(), List.of("disk"), List.of())), 1, 16,
                Duration.ofMinutes(1), 3, Duration.ofSeconds(30));
        List<String> checkedHashes = new CopyOnWriteArrayList<>();
        AtomicLong now = new AtomicLong();
        try (ProxyAuth auth = new ProxyAuth(section, List.of(), (h, p) -> {
            checkedHashes.add(h);
            return BcryptVerifier.BCRYPT.matches(h, p);
        }, now::get)) {
            assertEquals(List.of("Basic realm=\"Acme\", charset=\"UTF-8\"", "Bearer realm=\"Acme\""), auth.challenges());
            assertEquals(AuthOutcome.MISSING, check(auth, null, "10.0.0.1"));

            AuthOutcome ann = check(auth, basic("ann:pw"), "10.0.0.1");
            assertEquals("ann@acme.example", ((AuthOutcome.Accepted) ann).identity().email());
            AuthOutcome device = check(auth, "Bearer device-secret", "10.0.0.1");
            assertEquals("pc-1", ((AuthOutcome.Accepted) device).identity().deviceId());

            assertEquals(AuthOutcome.INVALID, check(auth, basic("nobody:pw"), "10.0.0.2"));
            assertEquals(2, checkedHashes.size(), "an unknown user still costs a bcrypt check");
            assertEquals(AuthOutcome.INVALID, check(auth, "Bearer nope", "10.0.0.2"));
            assertEquals(AuthOutcome.INVALID, check(auth, "Digest x", "10.0.0.2"));
            AuthOutcome throttled = check(auth, basic("ann:pw"), "10.0.0.2");
            assertInstanceOf(AuthOutcome.Throttled.class, throttled, "even right credentials wait out the window");
            assertEquals(30, ((AuthOutcome.Throttled) throttled).retryAfterSeconds());
            assertEquals(2, checkedHashes.size(), "a throttled attempt is not checked");
            assertInstanceOf(AuthOutcome.Accepted.class, check(auth, basic("ann:pw"), "10.0.0.3"));
            now.addAndGet(Duration.ofSeconds(30).toNanos());
            assertInstanceOf(AuthOutcome.Accepted.class, check(auth, basic("ann:pw"), "10.0.0.2"));

            AuthCounters c = auth.counters();
            assertEquals(List.of(1L, 3L, 1L, 4L), List.of(c.missing(), c.invalid(), c.throttled(), c.accepted()));
            assertTrue(c.cacheHits() >= 2, "repeated ann:pw came from the cache: " + c.cacheHits());
        }
    }

    @Test
    void aSaturatedVerifierAnswersBusyInsteadOfQueueingWithoutBound(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "ann:"
                + OpenBSDBCrypt.generate("2y", "pw".toCharArray(), new byte[16], 4) + "\n");
        AuthSection section = new AuthSection(Optional.of(users), "Acme", List.of(), 1, 1, Duration.ZERO, 10,
                Duration.ofSeconds(30));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (ProxyAuth auth = new ProxyAuth(section, List.of(), (h, p) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return BcryptVerifier.BCRYPT.matches(h, p);
        }, System::nanoTime)) {
            EventLoop loop = LOOPS.next();
            InetAddress ip = InetAddress.getByName("10.0.0.1");
            var running = auth.authenticate(basic("ann:pw"), ip, loop);
            var queued = auth.authenticate(basic("ann:pw"), ip, loop);
            AuthOutcome third = auth.authenticate(basic("ann:pw"), ip, loop).get(10, TimeUnit.SECONDS);
            assertEquals(AuthOutcome.BUSY, third);
            release.countDown();
            assertInstanceOf(AuthOutcome.Accepted.class, running.get(10, TimeUnit.SECONDS));
            assertInstanceOf(AuthOutcome.Accepted.class, queued.get(10, TimeUnit.SECONDS));
            assertEquals(1, auth.counters().busy());
            assertEquals(0, auth.counters().invalid(), "busy is not a failed login");
        }
    }

    @Test
    void withoutAUsersFileBasicIsInvalidAndOnlyBearerIsOffered() throws Exception {
        AuthSection section = AuthSection.DEFAULT.withDeviceTokens(List.of(new DeviceToken(
                HexFormat.of().formatHex(DeviceTokens.sha256("t")), "d", Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of())));
        try (ProxyAuth auth = new ProxyAuth(section, List.of(), BcryptVerifier.BCRYPT, System::nanoTime)) {
            assertEquals(List.of("Bearer realm=\"Portcullis\""), auth.challenges());
            assertEquals(AuthOutcome.INVALID, check(auth, basic("ann:pw"), "10.0.0.9"));
            assertTrue(auth.required());
        }
        try (ProxyAuth none = new ProxyAuth(AuthSection.DEFAULT, List.of(), BcryptVerifier.BCRYPT, System::nanoTime)) {
            assertEquals(false, none.required());
            assertTrue(none.sourceFilter().isEmpty());
        }
    }
}
