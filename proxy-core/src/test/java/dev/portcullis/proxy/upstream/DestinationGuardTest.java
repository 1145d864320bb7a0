package dev.portcullis.proxy.upstream;

import dev.portcullis.config.CidrPorts;
import dev.portcullis.config.PortRanges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationGuardTest {

    private static final PortRanges CONNECT_PORTS = PortRanges.parse("80,443,8443");
    private static final Set<InetAddress> LOCAL = Set.of(ip("192.168.7.7"), ip("fd00::7"));

    /**
     * The SSRF matrix: every row is a host as a client would write it, decoded by {@link HostLiteral} and checked
     * by a guard with no exceptions. Refused rows must be refused for the right reason.
     */
    @ParameterizedTest(name = "{0}:{1} connect={2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // 127.0.0.1 in every spelling
            "127.0.0.1                 | 80   | false | destination_loopback",
            "127.0.0.1.                | 80   | false | destination_loopback",
            "127.1                     | 80   | false | destination_loopback",
            "127.0.1                   | 80   | false | destination_loopback",
            "2130706433                | 80   | false | destination_loopback",
            "0x7f000001                | 80   | false | destination_loopback",
            "0X7F000001                | 80   | false | destination_loopback",
            "0177.0.0.1                | 80   | false | destination_loopback",
            "017700000001              | 80   | false | destination_loopback",
            "0x7f.1                    | 80   | false | destination_loopback",
            "0x7f.0.0.1                | 80   | false | destination_loopback",
            "127.255.255.254           | 80   | false | destination_loopback",
            "[::ffff:127.0.0.1]        | 80   | false | destination_loopback",
            "[::ffff:7f00:1]           | 80   | false | destination_loopback",
            "[::127.0.0.1]             | 80   | false | destination_loopback",
            "[2002:7f00:1::]           | 80   | false | destination_loopback",
            "[2002:7f00:1::1]          | 443  | true  | destination_loopback",
            "[64:ff9b::7f00:1]         | 80   | false | destination_loopback",
            "[64:ff9b::127.0.0.1]      | 80   | false | destination_loopback",
            "[2001:0:4136:e378:8000:63bf:80ff:fffe] | 80 | false | destination_loopback",
            "[::1]                     | 80   | false | destination_loopback",
            "::1                       | 443  | true  | destination_loopback",
            "127.0.0.1                 | 443  | true  | destination_loopback",
            // cloud metadata
            "169.254.169.254           | 80   | false | destination_link_local",
            "2852039166                | 80   | false | destination_link_local",
            "0xa9fea9fe                | 80   | false | destination_link_local",
            "0251.0376.0251.0376       | 80   | false | destination_link_local",
            "169.254.43518             | 80   | false | destination_link_local",
            "0xa9.0xfe.0xa9fe          | 80   | false | destination_link_local",
            "[::ffff:169.254.169.254]  | 80   | false | destination_link_local",
            "[::ffff:a9fe:a9fe]        | 80   | false | destination_link_local",
            "[64:ff9b::a9fe:a9fe]      | 80   | false | destination_link_local",
            "[2002:a9fe:a9fe::]        | 80   | false | destination_link_local",
            "[2001:0:4136:e378:8000:63bf:5601:5601] | 80 | false | destination_link_local",
            "[fe80::1]                 | 80   | false | destination_link_local",
            "[fe80::a9fe:a9fe]         | 443  | true  | destination_link_local",
            "[fd00:ec2::254]           | 80   | false | destination_unique_local",
            // private networks
            "10.0.0.1                  | 80   | false | destination_private",
            "10.1                      | 80   | false | destination_private",
            "012.0.0.1                 | 80   | false | destination_private",
            "0xa000001                 | 80   | false | destination_private",
            "10.255.255.255            | 443  | true  | destination_private",
            "172.16.0.1                | 80   | false | destination_private",
            "172.31.255.255            | 80   | false | destination_private",
            "192.168.0.1               | 80   | false | destination_private",
            "192.168.1                 | 80   | false | destination_private",
            "[::ffff:10.0.0.1]         | 80   | false | destination_private",
            "[2002:a00:1::]            | 80   | false | destination_private",
            "[64:ff9b::c0a8:101]       | 80   | false | destination_private",
            "100.64.0.1                | 80   | false | destination_cgnat",
            "100.127.255.255           | 443  | true  | destination_cgnat",
            "[fc00::1]                 | 80   | false | destination_unique_local",
            "[fdff:ffff::1]            | 80   | false | destination_unique_local",
            "[fec0::1]                 | 80   | false | destination_site_local",
            // multicast, unspecified, broadcast, reserved
            "224.0.0.1                 | 80   | false | destination_multicast",
            "239.255.255.250           | 80   | false | destination_multicast",
            "[ff02::1]                 | 80   | false | destination_multicast",
            "0.0.0.0                   | 80   | false | destination_unspecified",
            "0                         | 80   | false | destination_unspecified",
            "0.1.2.3                   | 80   | false | destination_unspecified",
            "[::]                      | 80   | false | destination_unspecified",
            "255.255.255.255           | 80   | false | destination_broadcast",
            "4294967295                | 80   | false | destination_broadcast",
            "240.0.0.1                 | 80   | false | destination_reserved",
            "192.0.0.8                 | 80   | false | destination_reserved",
            "192.0.2.1                 | 80   | false | destination_documentation",
            "[2001:db8::1]             | 80   | false | destination_documentation",
            "198.18.0.1                | 80   | false | destination_benchmarking",
            // public (parsed and checked only, never dialled)
            "8.8.8.8                   | 80   | false | allowed",
            "8.8.8.8                   | 22   | false | allowed",
            "134744072                 | 80   | false | allowed",
            "1.1.1.1                   | 443  | true  | allowed",
            "[2606:4700::1111]         | 443  | true  | allowed",
            "2606:4700::1111           | 8443 | true  | allowed",
            "[::ffff:8.8.8.8]          | 443  | true  | allowed",
            "[2002:808:808::]          | 80   | false | allowed",
            "[64:ff9b::808:808]        | 80   | false | allowed",
            // CONNECT port allow-list
            "8.8.8.8                   | 22   | true  | port_not_allowed",
            "8.8.8.8                   | 25   | true  | port_not_allowed",
            "[2606:4700::1111]         | 8080 | true  | port_not_allowed",
            // ports
            "8.8.8.8                   | 0    | false | port_invalid",
            "8.8.8.8                   | 65536 | true | port_invalid",
            "8.8.8.8                   | -1   | false | port_invalid",
            "8.8.8.8                   | 65535 | false | allowed",
    })
    void ssrfMatrix(String host, int port, boolean connect, String code) {
        HostLiteral literal = HostLiteral.parse(host);
        GuardVerdict v = guard(List.of(), Set.of()).check(literal.address(), port, connect);
        assertEquals(code, v.code(), () -> host + " -> " + v);
        assertEquals(code.startsWith("allowed"), v.allowed(), () -> host + " -> " + v);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "256.0.0.1", "1.2.3.4.5", "0x1ffffffff", "08.1.1.1", "[fe80::1%25eth0]", "fe80::1%eth0",
            "127.0.0.1%00", "127.0.0.1:80", "[127.0.0.1]", "exa%6dple.com", "localhost.1", "[::ffff:127.1]",
    })
    void invalidLiteralsNeverReachTheGuardAsNames(String host) {
        HostLiteral literal = HostLiteral.parse(host);
        assertEquals(HostLiteral.Kind.INVALID, literal.kind(), host);
        assertThrows(IllegalStateException.class, literal::address);
        assertThrows(IllegalStateException.class, literal::name);
    }

    @Test
    void messagesNameAddressClassAndRule() {
        DestinationGuard g = guard(List.of(CidrPorts.parse("127.0.0.1/32:18000-18999")),
                Set.of(new InetSocketAddress(ip("0.0.0.0"), 3128)));
        assertEquals("refusing to connect to 127.0.0.1:22: loopback address (not covered by upstream.allow_destinations)",
                g.check(ip("127.0.0.1"), 22, false).message());
        assertEquals("refusing to CONNECT to [2002:7f00:1::]:443: loopback address 127.0.0.1 embedded in a 6to4 address"
                        + " (not covered by upstream.allow_destinations)",
                g.check(HostLiteral.parse("[2002:7f00:1::]").address(), 443, true).message());
        assertEquals("refusing to CONNECT to 8.8.8.8:22: port 22 is not allowed for CONNECT by upstream.connect_ports"
                        + " (80,443,8443)",
                g.check(ip("8.8.8.8"), 22, true).message());
        assertEquals("allowing connect to 127.0.0.1:18000: loopback address, permitted by upstream.allow_destinations"
                        + " entry 127.0.0.1/32:18000-18999",
                g.check(ip("127.0.0.1"), 18000, false).message());
        assertEquals("refusing to connect to 127.0.0.1:3128: it is this proxy's own listener 0.0.0.0:3128 (a request loop)",
                g.check(ip("127.0.0.1"), 3128, false).message());
        assertEquals("refusing to connect to 8.8.8.8:0: port 0 is not a TCP port (1-65535)",
                g.check(ip("8.8.8.8"), 0, false).message());
        assertEquals("allowing CONNECT to [2606:4700::1111]:443: public address",
                g.check(ip("2606:4700::1111"), 443, true).message());
    }

    /** A name the resolver attached to the address shows up in the message (DNS rebinding is then obvious). */
    @Test
    void messageShowsTheResolvedName() throws Exception {
        InetAddress resolved = InetAddress.getByAddress("internal.example.com", new byte[] {10, 0, 0, 5});
        GuardVerdict v = guard(List.of(), Set.of()).check(resolved, 443, true);
        assertEquals("destination_private", v.code());
        assertEquals("refusing to CONNECT to 10.0.0.5:443 (internal.example.com): private network address"
                + " (not covered by upstream.allow_destinations)", v.message());
    }

    @ParameterizedTest(name = "{0}:{1} connect={2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "127.0.0.1         | 18000 | false | allowed_by_exception",
            "127.0.0.1         | 18999 | true  | allowed_by_exception",
            "127.1             | 18500 | true  | allowed_by_exception",
            "[::ffff:127.0.0.1] | 18000 | false | allowed_by_exception",
            "127.0.0.1         | 19000 | false | destination_loopback",
            "127.0.0.1         | 17999 | true  | destination_loopback",
            "127.0.0.2         | 18000 | false | destination_loopback",
            "10.1.2.3          | 22    | true  | allowed_by_exception",
            "10.0.0.1          | 5432  | false | allowed_by_exception",
            "11.0.0.1          | 22    | true  | port_not_allowed",
            "172.16.0.1        | 80    | false | destination_private",
            "[::1]             | 8080  | true  | allowed_by_exception",
            "[::1]             | 8081  | false | destination_loopback",
            "[fd00::1:2]       | 9000  | true  | allowed_by_exception",
            "[fd00::2:0]       | 9000  | true  | destination_unique_local",
            "8.8.8.8           | 25    | true  | allowed_by_exception",
            "8.8.4.4           | 25    | true  | port_not_allowed",
            "8.8.4.4           | 443   | true  | allowed",
            "169.254.169.254   | 80    | false | destination_link_local",
    })
    void allowDestinationsOverrideClassAndConnectPorts(String host, int port, boolean connect, String code) {
        DestinationGuard g = guard(List.of(
                CidrPorts.parse("127.0.0.1/32:18000-18999"),
                CidrPorts.parse("10.0.0.0/8"),
                CidrPorts.parse("[::1]/128:8080"),
                CidrPorts.parse("fd00::1:0/112"),
                CidrPorts.parse("8.8.8.8:25")), Set.of());
        GuardVerdict v = g.check(HostLiteral.parse(host).address(), port, connect);
        assertEquals(code, v.code(), () -> host + ":" + port + " -> " + v);
        assertEquals(code.startsWith("allowed"), v.allowed(), () -> host + ":" + port + " -> " + v);
    }

    /** Own listeners are refused even when an allow-destination covers everything. */
    @ParameterizedTest(name = "{0}:{1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // exact listener 127.0.0.1:18080
            "127.0.0.1          | 18080 | proxy_loop",
            "[::ffff:127.0.0.1] | 18080 | proxy_loop",
            "127.1              | 18080 | proxy_loop",
            "0.0.0.0            | 18080 | proxy_loop",
            "127.0.0.1          | 18081 | allowed_by_exception",
            "127.0.0.2          | 18080 | allowed_by_exception",
            "192.168.7.7        | 18080 | allowed_by_exception",
            // exact listener [::1]:18443
            "[::1]              | 18443 | proxy_loop",
            "[::]               | 18443 | proxy_loop",
            "[::1]              | 18444 | allowed_by_exception",
            // wildcard listener 0.0.0.0:3128 and [::]:3129: every local address on those ports
            "127.0.0.1          | 3128  | proxy_loop",
            "127.9.9.9          | 3128  | proxy_loop",
            "0.0.0.0            | 3128  | proxy_loop",
            "[::1]              | 3128  | proxy_loop",
            "192.168.7.7        | 3128  | proxy_loop",
            "[fd00::7]          | 3128  | proxy_loop",
            "192.168.7.8        | 3128  | allowed_by_exception",
            "8.8.8.8            | 3128  | allowed_by_exception",
            "127.0.0.1          | 3129  | proxy_loop",
            "192.168.7.7        | 3129  | proxy_loop",
            "[::]               | 3129  | proxy_loop",
            "[fd00::7]          | 3129  | proxy_loop",
            "[fd00::8]          | 3129  | allowed_by_exception",
            "127.0.0.1          | 3130  | allowed_by_exception",
    })
    void ownListenersAreAlwaysRefused(String host, int port, String code) {
        DestinationGuard g = guard(List.of(CidrPorts.parse("0.0.0.0/0"), CidrPorts.parse("::/0")), Set.of(
                new InetSocketAddress(ip("127.0.0.1"), 18080),
                new InetSocketAddress(ip("::1"), 18443),
                new InetSocketAddress(ip("0.0.0.0"), 3128),
                new InetSocketAddress(ip("::"), 3129)));
        GuardVerdict v = g.check(HostLiteral.parse(host).address(), port, true);
        assertEquals(code, v.code(), () -> host + ":" + port + " -> " + v);
        assertEquals(code.startsWith("allowed"), v.allowed(), () -> host + ":" + port + " -> " + v);
    }

    /** The listener set is read on every check, so a rebind or a port-0 listener is seen when it happens. */
    @Test
    void listenersAreReadOnEveryCheck() {
        AtomicReference<Set<InetSocketAddress>> listeners = new AtomicReference<>(Set.of());
        DestinationGuard g = new DestinationGuard(List.of(CidrPorts.parse("127.0.0.0/8")), CONNECT_PORTS,
                listeners::get, () -> Optional.of(LOCAL));
        assertEquals("allowed_by_exception", g.check(ip("127.0.0.1"), 40000, false).code());
        listeners.set(Set.of(new InetSocketAddress(ip("127.0.0.1"), 40000)));
        assertEquals("proxy_loop", g.check(ip("127.0.0.1"), 40000, false).code());
    }

    @Test
    void unresolvedListenerCountsAsWildcard() {
        DestinationGuard g = guard(List.of(CidrPorts.parse("0.0.0.0/0")),
                Set.of(InetSocketAddress.createUnresolved("localhost", 3128)));
        GuardVerdict v = g.check(ip("127.0.0.1"), 3128, false);
        assertEquals("proxy_loop", v.code(), v::toString);
        assertEquals("refusing to connect to 127.0.0.1:3128: it is this proxy's own listener localhost:3128"
                + " (a request loop)", v.message());
        assertEquals("allowed_by_exception", g.check(ip("8.8.8.8"), 3128, false).code());
    }

    /** If the interfaces cannot be read, any address on a wildcard listener's port might be us: refuse. */
    @Test
    void unreadableInterfacesFailClosedOnWildcardPorts() {
        DestinationGuard g = new DestinationGuard(List.of(CidrPorts.parse("0.0.0.0/0")), CONNECT_PORTS,
                () -> Set.of(new InetSocketAddress(ip("0.0.0.0"), 3128)), Optional::empty);
        assertEquals("proxy_loop", g.check(ip("10.9.9.9"), 3128, false).code());
        assertEquals("proxy_loop", g.check(ip("8.8.8.8"), 3128, false).code());
        assertEquals("allowed_by_exception", g.check(ip("10.9.9.9"), 3129, false).code());
    }

    /** With the real interface list, every address of this host reaches a wildcard listener. */
    @Test
    void realInterfaceAddressesReachAWildcardListener() throws Exception {
        Set<InetAddress> mine = new HashSet<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            mine.addAll(Collections.list(nif.getInetAddresses()));
        }
        DestinationGuard g = new DestinationGuard(List.of(CidrPorts.parse("0.0.0.0/0"), CidrPorts.parse("::/0")),
                CONNECT_PORTS, () -> Set.of(new InetSocketAddress(ip("::"), 3128)));
        for (InetAddress a : mine) {
            assertEquals("proxy_loop", g.check(a, 3128, false).code(), a::toString);
            assertEquals("allowed_by_exception", g.check(a, 3127, false).code(), a::toString);
        }
        assertEquals("allowed_by_exception", g.check(ip("192.0.2.77"), 3128, false).code(),
                "TEST-NET-1 is never a local interface here");
    }

    @Test
    void nullsAreRejectedWithTheirName() {
        DestinationGuard g = guard(List.of(), Set.of());
        assertEquals("address", assertThrows(NullPointerException.class, () -> g.check(null, 80, false)).getMessage());
        DestinationGuard broken = new DestinationGuard(List.of(), CONNECT_PORTS, () -> null);
        assertEquals("ownListeners returned null",
                assertThrows(NullPointerException.class, () -> broken.check(ip("8.8.8.8"), 80, false)).getMessage());
    }

    private static DestinationGuard guard(List<CidrPorts> allow, Set<InetSocketAddress> listeners) {
        return new DestinationGuard(allow, CONNECT_PORTS, () -> listeners, () -> Optional.of(LOCAL));
    }

    private static InetAddress ip(String literal) {
        return HostLiteral.parse(literal).address();
    }
}
