package dev.portcullis.proxy.daemon;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Locale;
import java.util.function.Supplier;

/** The native transport in use: io_uring, then epoll, then NIO, chosen once at start. */
public record Transport(String name,
                        Supplier<IoHandlerFactory> ioHandlerFactory,
                        Class<? extends ServerChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel,
                        Class<? extends DatagramChannel> datagramChannel,
                        String unavailableReasons) {

    /**
     * @param preference "auto", "io_uring", "epoll" or "nio". With "auto" the best available one is taken; a named
     *                   one that is unavailable falls back the same way and says why.
     */
    public static Transport select(String preference) {
        String pref = preference == null ? "auto" : preference.toLowerCase(Locale.ROOT);
        StringBuilder reasons = new StringBuilder();
        boolean wantsUring = pref.equals("auto") || pref.equals("io_uring");
        boolean wantsEpoll = !pref.equals("nio");
        if (wantsUring) {
            if (IoUring.isAvailable()) {
                return new Transport("io_uring", IoUringIoHandler::newFactory, IoUringServerSocketChannel.class,
                        IoUringSocketChannel.class, IoUringDatagramChannel.class, "");
            }
            reasons.append("io_uring: ").append(IoUring.unavailabilityCause()).append("; ");
        }
        if (wantsEpoll) {
            if (Epoll.isAvailable()) {
                return new Transport("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class,
                        EpollSocketChannel.class, EpollDatagramChannel.class, reasons.toString());
            }
            reasons.append("epoll: ").append(Epoll.unavailabilityCause()).append("; ");
        }
        return new Transport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class,
                NioSocketChannel.class, NioDatagramChannel.class, reasons.toString());
    }

    public EventLoopGroup newGroup(int threads, String threadPrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix), ioHandlerFactory.get());
    }
}
