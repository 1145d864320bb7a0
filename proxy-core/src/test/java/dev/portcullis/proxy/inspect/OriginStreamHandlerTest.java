package dev.portcullis.proxy.inspect;

import dev.portcullis.policy.rules.UntrustedCertAction;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only "the origin never processed this stream" is retryable; every other reset is a plain upstream error. */
class OriginStreamHandlerTest {
    private static final class Recorder implements UpstreamListener {
        final List<Throwable> errors = new ArrayList<>();
        int closed;

        @Override
        public void onResponse(HttpObject msg) {
            throw new AssertionError("no response expected");
        }

        @Override
        public void onUpstreamWritable() {
        }

        @Override
        public void onUpstreamClosed() {
            closed++;
        }

        @Override
        public void onUpstreamError(Throwable cause) {
            errors.add(cause);
        }

        @Override
        public void onUpstreamIdle() {
        }
    }

    private static Recorder resetWith(Http2Error error) {
        OriginStreamHandler handler = new OriginStreamHandler();
        Recorder recorder = new Recorder();
        handler.bind(recorder);
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ch.pipeline().fireUserEventTriggered(new DefaultHttp2ResetFrame(error));
        assertFalse(ch.isOpen(), "the stream is closed after a reset");
        ch.finishAndReleaseAll();
        return recorder;
    }

    @Test
    void refusedStreamIsRetryable() {
        Recorder r = resetWith(Http2Error.REFUSED_STREAM);
        assertEquals(1, r.errors.size());
        assertInstanceOf(RefusedStream.class, r.errors.get(0));
        assertEquals(0, r.closed, "the listener was unbound before the close, so it hears of the reset once");
    }

    @Test
    void otherResetsAreNotRetryable() {
        for (Http2Error error : new Http2Error[]{Http2Error.CANCEL, Http2Error.INTERNAL_ERROR,
                Http2Error.PROTOCOL_ERROR, Http2Error.ENHANCE_YOUR_CALM}) {
            Recorder r = resetWith(error);
            assertEquals(1, r.errors.size(), error.name());
            assertFalse(r.errors.get(0) instanceof RefusedStream, error.name());
            assertTrue(r.errors.get(0).getMessage().contains(String.valueOf(error.code())), error.name());
        }
    }

    @Test
    void aVerdictWithoutAnUntrustedCertSettingMeansTheErrorPage() {
        GateVerdict v = new GateVerdict(GateVerdict.Kind.ALLOW, true, null, null, "no policy", null, false);
        assertEquals(UntrustedCertAction.ERROR, v.untrustedCert());
        assertEquals(UntrustedCertAction.ERROR, new GateVerdict(GateVerdict.Kind.ALLOW, true, "r", "n", "x", null,
                false, null).untrustedCert());
        assertEquals(UntrustedCertAction.PASS_THROUGH, new GateVerdict(GateVerdict.Kind.ALLOW, true, "r", "n", "x",
                null, false, UntrustedCertAction.PASS_THROUGH).untrustedCert());
    }
}
