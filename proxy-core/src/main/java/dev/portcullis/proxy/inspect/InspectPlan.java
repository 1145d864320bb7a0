package dev.portcullis.proxy.inspect;

import io.netty.handler.ssl.SslContext;

/** What the ClientHello lookup decided for the client side of an inspected CONNECT. */
sealed interface InspectPlan {
    /**
     * The origin is connected (verified, or unverified on a pass-through rule): finish the client handshake with
     * {@code tls} and forward; {@code h2} is the pooled HTTP/2 origin's key when the origin chose h2, else null.
     */
    record Forward(SslContext tls, InspectedOrigin origin, OriginKey h2) implements InspectPlan {
    }

    /** The origin was not reached or not verified: finish the handshake with {@code tls} and show the page. */
    record Refuse(SslContext tls, UpstreamRefusal refusal) implements InspectPlan {
    }

    /** The client sent something other than a TLS ClientHello, and the not-TLS action is to block. */
    record NotTls() implements InspectPlan {
    }

    /** The client sent something other than a TLS ClientHello; relay it, unread, to {@code upstream}. */
    record Relay(io.netty.channel.Channel upstream) implements InspectPlan {
    }

    /** Releases what the plan holds when nobody will use it (the client left while it was prepared). */
    default void discard() {
        if (this instanceof Forward forward) {
            forward.origin().channel().close();
        } else if (this instanceof Relay relay) {
            relay.upstream().close();
        }
    }
}
