package dev.portcullis.tls.context;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A complete TLS handshake between two engines in memory, no socket: {@link MintWarmUp} runs one at start so that the
 * first real connection does not load the engine, certificate-path validation and host-name check code (and the
 * JDK's CA lists) inside a verification task on an event loop.
 */
final class InMemoryHandshake {

    /** A handshake takes two or three flights each way; anything near this bound is a stuck engine. */
    private static final int MAX_STEPS = 50;
    private static final int BUFFER = 64 * 1024;

    private InMemoryHandshake() {
    }

    /**
     * Handshakes a client engine of {@code client} (SNI and host-name verification for {@code host}) with a server
     * engine of {@code server}; returns the protocol negotiated ("TLSv1.3").
     *
     * @throws SSLException when either side refuses (an untrusted certificate included) or it does not finish
     */
    static String run(SslContext server, SslContext client, String host) throws SSLException {
        SSLEngine serverEngine = server.newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine clientEngine = client.newEngine(ByteBufAllocator.DEFAULT, host, 443);
        try {
            ByteBuffer empty = ByteBuffer.allocate(0);
            ByteBuffer toServer = ByteBuffer.allocate(BUFFER);
            ByteBuffer toClient = ByteBuffer.allocate(BUFFER);
            ByteBuffer app = ByteBuffer.allocate(BUFFER);
            clientEngine.beginHandshake();
            serverEngine.beginHandshake();
            for (int step = 0; step < MAX_STEPS; step++) {
                if (finished(clientEngine) && finished(serverEngine)) {
                    return clientEngine.getSession().getProtocol();
                }
                clientEngine.wrap(empty, toServer);
                runTasks(clientEngine);
                serverEngine.wrap(empty, toClient);
                runTasks(serverEngine);
                toServer.flip();
                serverEngine.unwrap(toServer, app.clear());
                toServer.compact();
                runTasks(serverEngine);
                toClient.flip();
                clientEngine.unwrap(toClient, app.clear());
                toClient.compact();
                runTasks(clientEngine);
            }
            throw new SSLException("in-memory handshake with " + host + " did not finish in " + MAX_STEPS + " steps");
        } finally {
            ReferenceCountUtil.release(clientEngine); // BoringSSL engines are reference counted; the JDK's are not
            ReferenceCountUtil.release(serverEngine);
        }
    }

    private static boolean finished(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }
}
