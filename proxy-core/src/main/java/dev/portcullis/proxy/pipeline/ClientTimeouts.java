package dev.portcullis.proxy.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two clocks of a client connection between exchanges: how long it may sit idle waiting for a request
 * (keep-alive), and, once the first byte of a request head has arrived, how long the whole head may take
 * (slowloris). Sits in front of the decoder so it sees raw bytes; the exchange handler tells it when a head is
 * complete and when the connection is waiting again.
 */
public final class ClientTimeouts extends ChannelDuplexHandler {
    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "X-Portcullis-Error: request_timeout\r\n"
            + "Connection: close\r\nContent-Length: 55\r\n\r\n"
            + "408 Request Timeout: request head not received in time\n").getBytes(StandardCharsets.US_ASCII);

    private final long idleNanos;
    private final long headNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    /** When {@link #timer} fires (executor ticker time); meaningful only while it is set. */
    private long timerAt;
    /** When the running clock expires (executor ticker time); 0 when no clock runs. */
    private long deadline;
    private boolean waiting;
    private boolean headStarted;

    public ClientTimeouts(Duration idle, Duration headRead) {
        this.idleNanos = idle.toNanos();
        this.headNanos = headRead.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        awaitingRequest();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waiting && !headStarted && msg instanceof ByteBuf buf && buf.isReadable()) {
            headStarted = true;
            schedule(headNanos);
        }
        ctx.fireChannelRead(msg);
    }

    /** The connection waits for the next request: the idle clock runs. */
    public void awaitingRequest() {
        waiting = true;
        headStarted = false;
        schedule(idleNanos);
    }

    /** A complete request head arrived: no clock until the exchange ends. */
    public void requestReceived() {
        waiting = false;
        stop();
    }

    /*
     * Each keep-alive request starts and stops these clocks twice, so a timer task per clock (schedule, then cancel:
     * two priority-queue operations and a task object each) cost more than the checks they guard. Instead one task
     * stays scheduled and the clocks only move a deadline: a task that fires before the deadline re-arms itself for
     * the rest, one that fires with no clock running just ends. A new task is scheduled only when a deadline is
     * earlier than the pending task, so a busy connection schedules about once per head-timeout period.
     */
    private void schedule(long nanos) {
        long now = ctx.executor().ticker().nanoTime();
        deadline = Math.max(1, now + nanos);
        if (timer == null || timerAt - deadline > 0) {
            arm(now);
        }
    }

    private void arm(long now) {
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = deadline;
        timer = ctx.executor().schedule(this::expire, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
    }

    /** Stops the running clock; the pending task, if any, finds no deadline and ends. */
    private void stop() {
        deadline = 0;
    }

    private void cancel() {
        deadline = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire() {
        timer = null;
        if (deadline == 0) {
            return;
        }
        long now = ctx.executor().ticker().nanoTime();
        if (deadline - now > 0) {
            arm(now);
            return;
        }
        deadline = 0;
        if (!waiting || !ctx.channel().isActive()) {
            return;
        }
        if (headStarted) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
