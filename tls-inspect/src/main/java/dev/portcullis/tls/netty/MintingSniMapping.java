package dev.portcullis.tls.netty;

import dev.portcullis.tls.mint.LeafCache;
import dev.portcullis.tls.mint.LeafSpec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;

/**
 * Maps the SNI host name of a client hello to a server context presenting a minted leaf, for
 * {@code new SniHandler(mapping)}. The leaf is minted on the cache's mint executor; the promise (made by
 * {@code SniHandler} on the channel's event loop) notifies its listeners on that event loop, so the pipeline continues
 * there.
 *
 * <p>Which leaf to serve is a function of the SNI name: {@link #forRequestedHost} mints from the name alone; the
 * proxy can instead pass a function that builds the spec from the origin's certificate
 * ({@code sni -> LeafSpec.fromUpstream(connectHost, upstreamLeaf, clock)}).
 */
public final class MintingSniMapping implements AsyncMapping<String, SslContext> {

    private final LeafCache cache;
    private final List<String> alpn;
    private final Function<String, LeafSpec> specForSni;

    /**
     * @param specForSni called with the client's SNI name, or {@code null} when it sent none; may throw
     *                   {@link IllegalArgumentException} to refuse the handshake
     */
    public MintingSniMapping(LeafCache cache, List<String> alpn, Function<String, LeafSpec> specForSni) {
        if (cache == null || alpn == null || specForSni == null) {
            throw new IllegalArgumentException("cache, alpn and specForSni are required");
        }
        this.cache = cache;
        this.alpn = List.copyOf(alpn);
        this.specForSni = specForSni;
    }

    /**
     * Mints for the SNI name with {@link LeafSpec#forHost}; a client without SNI gets a leaf for
     * {@code hostWithoutSni} (the CONNECT host), or fails the handshake if that is null.
     */
    public static MintingSniMapping forRequestedHost(LeafCache cache, List<String> alpn, Clock clock,
            String hostWithoutSni) {
        return new MintingSniMapping(cache, alpn, sni -> {
            String host = sni != null ? sni : hostWithoutSni;
            if (host == null) {
                throw new IllegalArgumentException("client sent no SNI host name and no default host is configured");
            }
            return LeafSpec.forHost(host, clock);
        });
    }

    @Override
    public Future<SslContext> map(String sni, Promise<SslContext> promise) {
        LeafSpec spec;
        try {
            spec = specForSni.apply(sni);
        } catch (RuntimeException e) {
            return promise.setFailure(refused(sni, e));
        }
        cache.context(spec, alpn).whenComplete((context, failure) -> {
            if (failure == null) {
                promise.trySuccess(context);
            } else {
                promise.tryFailure(refused(sni, failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure));
            }
        });
        return promise;
    }

    private static SSLHandshakeException refused(String sni, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("no certificate for SNI '" + sni + "': "
                + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
