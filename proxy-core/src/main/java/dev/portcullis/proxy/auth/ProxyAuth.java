package dev.portcullis.proxy.auth;

import dev.portcullis.config.AuthSection;
import dev.portcullis.config.CidrPorts;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.DeviceToken;
import dev.portcullis.config.OrgSection;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.pipeline.ClientTimeouts;
import dev.portcullis.proxy.tenancy.ChannelOrg;
import dev.portcullis.proxy.tenancy.OrgBinding;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * Who may use the proxy, owned by the daemon and shared by every connection: the source ranges each listener
 * accepts, and the credentials every request must carry when authentication is configured. Protocol glue stays
 * out: {@link ProxyAuthHandler} applies it to HTTP/1.1, and an HTTP/2 stream handler can call
 * {@link #authenticate} the same way.
 */
public final class ProxyAuth implements AutoCloseable {
    private final UserDirectory users;
    private final DeviceTokens tokens;
    private final List<String> challenges;
    private final FailureThrottle throttle;
    private final BcryptVerifier verifier;
    private final SourceFilter sourceFilter;
    private final AuthCounters counters;
    private final String dummyHash;
    /** Organisations whose clients must prove who they are; null: every client, whatever its organisation. */
    private Set<String> orgsWithCredentials;

    ProxyAuth(AuthSection config, List<CidrPorts> allowedSources, BcryptVerifier.Check check,
              java.util.function.LongSupplier nanoTime) throws UsersFileException {
        this(config, config.usersFile().isEmpty() ? null
                        : UserDirectory.load(List.of(new UserDirectory.Source("default", config.usersFile().get()))),
                config.deviceTokens(), allowedSources, check, nanoTime);
    }

    /**
     * @param users  every organisation's users (null: no Basic authentication); closed with this
     * @param tokens every organisation's device tokens
     */
    ProxyAuth(AuthSection config, UserDirectory users, List<DeviceToken> tokens, List<CidrPorts> allowedSources,
              BcryptVerifier.Check check, java.util.function.LongSupplier nanoTime) {
        this.users = users;
        this.tokens = new DeviceTokens(tokens);
        this.counters = new AuthCounters();
        List<String> c = new ArrayList<>(2);
        if (users != null) {
            c.add("Basic realm=\"" + config.realm() + "\", charset=\"UTF-8\"");
        }
        if (!tokens.isEmpty()) {
            c.add("Bearer realm=\"" + config.realm() + "\"");
        }
        this.challenges = List.copyOf(c);
        this.throttle = new FailureThrottle(config.maxFailures(), config.failureWindow(), nanoTime);
        this.sourceFilter = allowedSources.isEmpty() ? null : new SourceFilter(allowedSources, counters);
        this.verifier = users == null ? null : new BcryptVerifier(config.verifyThreads(), config.verifyQueue(),
                config.cacheTtl(), check, counters);
        // Unknown users are checked against this, so a wrong user name takes as long as a wrong password.
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        this.dummyHash = users == null ? null : OpenBSDBCrypt.generate("2y", new char[]{'x'}, salt, users.maxCost());
    }

    /**
     * Builds what {@code config.auth()} and {@code config.proxy().allowedSources()} describe.
     *
     * @throws UsersFileException when the users file cannot be read or holds anything but bcrypt hashes
     */
    public static ProxyAuth fromConfig(DaemonConfig config) throws UsersFileException {
        List<DeviceToken> tokens = new ArrayList<>(config.auth().deviceTokens());
        config.orgs().forEach(o -> tokens.addAll(o.deviceTokens()));
        ProxyAuth auth = new ProxyAuth(config.auth(), UserDirectory.fromConfig(config, "default").orElse(null),
                tokens, config.proxy().allowedSources(), BcryptVerifier.BCRYPT, System::nanoTime);
        if (!config.orgs().isEmpty()) {
            auth.orgsWithCredentials = config.orgs().stream().filter(OrgSection::hasCredentials)
                    .map(OrgSection::id).collect(Collectors.toUnmodifiableSet());
        }
        return auth;
    }

    /** The users files behind Basic authentication (reload, organisation of a user), when there are any. */
    public Optional<UserDirectory> users() {
        return Optional.ofNullable(users);
    }

    /** Whether requests must carry credentials. */
    public boolean required() {
        return !challenges.isEmpty();
    }

    /**
     * Whether a client on {@code ch} must carry credentials: yes when any are configured, unless the connection was
     * attributed (by listener or source range) to an organisation that has none — its source-IP endpoint is its
     * proof, and it has no users who could answer a 407. A connection on a listener shared by several organisations
     * is not attributed yet: its credentials are what attributes it.
     */
    public boolean requiredFor(Channel ch) {
        if (!required()) {
            return false;
        }
        OrgBinding binding = orgsWithCredentials == null ? null : ChannelOrg.of(ch);
        return binding == null || orgsWithCredentials.contains(binding.org());
    }

    /** The {@code Proxy-Authenticate} values a 407 carries: Basic and/or Bearer, as configured. */
    public List<String> challenges() {
        return challenges;
    }

    public AuthCounters counters() {
        return counters;
    }

    /** The handler that refuses connections from outside {@code proxy.allowed_sources}, or empty when any may come. */
    public Optional<ChannelHandler> sourceFilter() {
        return Optional.ofNullable(sourceFilter);
    }

    /** The per-connection HTTP/1.1 handler, placed right in front of the forward proxy, or empty when not required. */
    public Optional<ChannelHandler> newRequestHandler(ClientTimeouts timeouts, AccessLogger accessLogger) {
        return required() ? Optional.of(new ProxyAuthHandler(this, timeouts, accessLogger)) : Optional.empty();
    }

    /**
     * Checks one {@code Proxy-Authorization} value (null when absent) from {@code source}; completes on
     * {@code loop}. bcrypt never runs on the caller's thread.
     */
    Future<AuthOutcome> authenticate(String header, InetAddress source, EventExecutor loop) {
        if (header == null) {
            counters.missing.increment();
            return loop.newSucceededFuture(AuthOutcome.MISSING);
        }
        long retryAfter = throttle.retryAfterSeconds(source);
        if (retryAfter > 0) {
            counters.throttled.increment();
            return loop.newSucceededFuture(new AuthOutcome.Throttled(retryAfter));
        }
        Credentials credentials = Credentials.parse(header);
        if (credentials instanceof Credentials.Bearer bearer && !tokens.isEmpty()) {
            return loop.newSucceededFuture(settle(tokens.match(bearer.token()), source));
        }
        if (credentials instanceof Credentials.Basic basic && users != null) {
            Optional<UsersFile.User> user = users.user(basic.user());
            String hash = user.map(UsersFile.User::bcryptHash).orElse(dummyHash);
            io.netty.util.concurrent.Promise<AuthOutcome> out = loop.newPromise();
            verifier.verify(loop, basic.user(), basic.password(), hash).addListener(f -> {
                if (f.isSuccess()) {
                    boolean ok = (Boolean) f.getNow() && user.isPresent();
                    out.setSuccess(settle(ok ? user.get().identity() : null, source));
                } else if (f.cause() instanceof RejectedExecutionException) {
                    counters.busy.increment();
                    out.setSuccess(AuthOutcome.BUSY);
                } else {
                    out.setFailure(f.cause());
                }
            });
            return out;
        }
        return loop.newSucceededFuture(settle(null, source));
    }

    private AuthOutcome settle(dev.portcullis.policy.gateway.Identity identity, InetAddress source) {
        if (identity == null) {
            counters.invalid.increment();
            throttle.failed(source);
            return AuthOutcome.INVALID;
        }
        counters.accepted.increment();
        return new AuthOutcome.Accepted(identity);
    }

    /** A request admitted on credentials the connection had already proven. */
    void acceptedAgain() {
        counters.accepted.increment();
    }

    @Override
    public void close() {
        if (verifier != null) {
            verifier.close();
        }
        if (users != null) {
            users.close();
        }
    }
}
