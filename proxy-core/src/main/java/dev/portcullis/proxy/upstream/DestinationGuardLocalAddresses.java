package dev.portcullis.proxy.upstream;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The addresses of this host's interfaces, read once per JVM: a wildcard listener is reachable on every one of
 * them. Enumeration is a local system call (no DNS). Empty when it fails, so the guard can fail closed.
 */
final class DestinationGuardLocalAddresses {

    private DestinationGuardLocalAddresses() {
    }

    /** Empty Optional when the interfaces could not be read. */
    static Optional<Set<InetAddress>> get() {
        return Holder.ADDRESSES;
    }

    private static final class Holder {
        static final Optional<Set<InetAddress>> ADDRESSES = read();
    }

    private static Optional<Set<InetAddress>> read() {
        try {
            Set<InetAddress> out = new HashSet<>();
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    out.add(DestinationGuard.normalize(a));
                }
            }
            return Optional.of(Set.copyOf(out));
        } catch (SocketException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
