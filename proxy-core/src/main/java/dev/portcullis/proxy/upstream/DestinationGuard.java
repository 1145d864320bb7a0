package dev.portcullis.proxy.upstream;

import dev.portcullis.config.CidrPorts;
import dev.portcullis.config.PortRanges;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides whether the proxy may dial one resolved address and port; the last check before a connect, run on
 * exactly the address that will be dialled (so DNS rebinding has nothing left to rebind). In order:
 * <ol>
 *   <li>ports outside 1-65535 are refused;</li>
 *   <li>the proxy's own listeners are always refused (a request loop), whatever the exceptions say;</li>
 *   <li>an allow-destination exception that matches address and port allows, overriding both the address
 *       class and the CONNECT port list (that is what operators add them for);</li>
 *   <li>any address that is not {@link AddressClass#PUBLIC} is refused;</li>
 *   <li>CONNECT is allowed only to ports in the CONNECT port list.</li>
 * </ol>
 * Thread-safe and cheap: no I/O per call.
 */
public final class DestinationGuard {

    private final List<CidrPorts> allowDestinations;
    private final PortRanges connectPorts;
    private final Supplier<Set<InetSocketAddress>> ownListeners;
    private final Supplier<Optional<Set<InetAddress>>> localAddresses;

    /**
     * @param allowDestinations exceptions to the address and port rules (never to the loop rule)
     * @param connectPorts      ports CONNECT may reach, upstream.connect_ports
     * @param ownListeners      the proxy's bound listener addresses, asked on every check so rebinding and
     *                          port-0 listeners are seen as they are now
     */
    public DestinationGuard(List<CidrPorts> allowDestinations, PortRanges connectPorts,
                            Supplier<Set<InetSocketAddress>> ownListeners) {
        this(allowDestinations, connectPorts, ownListeners, DestinationGuardLocalAddresses::get);
        // Read the interfaces now, at construction off the event loop, not on the first connect.
        DestinationGuardLocalAddresses.get();
    }

    DestinationGuard(List<CidrPorts> allowDestinations, PortRanges connectPorts,
                     Supplier<Set<InetSocketAddress>> ownListeners,
                     Supplier<Optional<Set<InetAddress>>> localAddresses) {
        this.allowDestinations = List.copyOf(allowDestinations);
        this.connectPorts = Objects.requireNonNull(connectPorts, "connectPorts");
        this.ownListeners = Objects.requireNonNull(ownListeners, "ownListeners");
        this.localAddresses = Objects.requireNonNull(localAddresses, "localAddresses");
    }

    /**
     * @param address   the resolved address about to be dialled (a name attached to it is only used in messages)
     * @param port      the destination port
     * @param isConnect true for a CONNECT tunnel, which is limited to the CONNECT port list
     */
    public GuardVerdict check(InetAddress address, int port, boolean isConnect) {
        Objects.requireNonNull(address, "address");
        // e.g. "connect to 127.0.0.1:22" / "CONNECT to [::1]:443 (name.example)"
        String target = (isConnect ? "CONNECT to " : "connect to ") + target(address, port);
        if (port < 1 || port > 65535) {
            return GuardVerdict.refuse(GuardVerdict.PORT_INVALID,
                    "refusing to " + target + ": port " + port + " is not a TCP port (1-65535)");
        }
        InetAddress dest = normalize(address);
        InetSocketAddress listener = ownListener(dest, port);
        if (listener != null) {
            return GuardVerdict.refuse(GuardVerdict.PROXY_LOOP, "refusing to " + target
                    + ": it is this proxy's own listener " + listenerText(listener) + " (a request loop)");
        }
        AddressClassification classification = AddressClassifier.classification(address);
        for (CidrPorts exception : allowDestinations) {
            if (exception.matches(dest, port)) {
                return GuardVerdict.allow(GuardVerdict.ALLOWED_BY_EXCEPTION, "allowing " + target + ": "
                        + classification.describe() + ", permitted by upstream.allow_destinations entry " + exception);
            }
        }
        if (classification.addressClass() != AddressClass.PUBLIC) {
            return GuardVerdict.refuse(classification.addressClass().code(), "refusing to " + target + ": "
                    + classification.describe() + " (not covered by upstream.allow_destinations)");
        }
        if (isConnect && !connectPorts.contains(port)) {
            return GuardVerdict.refuse(GuardVerdict.PORT_NOT_ALLOWED, "refusing to " + target
                    + ": port " + port + " is not allowed for CONNECT by upstream.connect_ports"
                    + " (" + connectPorts + ")");
        }
        return GuardVerdict.allow(GuardVerdict.ALLOWED, "allowing " + target + ": " + classification.describe());
    }

    /** The listener {@code dest:port} would reach, or null. */
    private InetSocketAddress ownListener(InetAddress dest, int port) {
        Set<InetSocketAddress> listeners = Objects.requireNonNull(ownListeners.get(), "ownListeners returned null");
        for (InetSocketAddress l : listeners) {
            if (l.getPort() != port) {
                continue;
            }
            InetAddress la = l.getAddress();
            // An unresolved listener could be bound anywhere: treat it as a wildcard.
            if (la == null || la.isAnyLocalAddress()) {
                if (isThisHost(dest)) {
                    return l;
                }
            } else if (normalize(la).equals(dest) || dest.isAnyLocalAddress() && la.isLoopbackAddress()) {
                // Linux connects 0.0.0.0 / :: to the loopback interface, so they reach loopback listeners too.
                return l;
            }
        }
        return null;
    }

    private boolean isThisHost(InetAddress dest) {
        if (dest.isAnyLocalAddress() || dest.isLoopbackAddress()) {
            return true;
        }
        // If the interfaces could not be read, any address might be ours: refuse rather than risk a loop.
        return localAddresses.get().map(set -> set.contains(dest)).orElse(true);
    }

    /** Unwraps IPv4-mapped IPv6 and drops IPv6 scope ids, so one endpoint has one representation. */
    static InetAddress normalize(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String target(InetAddress address, int port) {
        String text = HostLiteralFormat.format(address, port);
        // InetAddress.toString() is "name/literal" and never looks anything up, unlike getHostName().
        String s = address.toString();
        int slash = s.indexOf('/');
        return slash > 0 ? text + " (" + s.substring(0, slash) + ")" : text;
    }

    private static String listenerText(InetSocketAddress l) {
        return l.getAddress() == null ? l.getHostString() + ":" + l.getPort()
                : HostLiteralFormat.format(l.getAddress(), l.getPort());
    }
}
