package dev.portcullis.proxy.upstream;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * The class of an address and, when the class was decided by an IPv4 address embedded in an IPv6 one
 * (IPv4-mapped, 6to4, NAT64, Teredo...), which embedding and which IPv4 address, so a refusal can say
 * "loopback address 127.0.0.1 embedded in a 6to4 address" instead of something puzzling.
 *
 * @param addressClass the class that decides the verdict
 * @param embedding    how the IPv4 address is embedded, e.g. "6to4 address"; null when not embedded
 * @param embedded     the embedded IPv4 address that was classified; null when not embedded
 */
public record AddressClassification(AddressClass addressClass, String embedding, Inet4Address embedded) {

    public AddressClassification {
        Objects.requireNonNull(addressClass, "addressClass");
        if ((embedding == null) != (embedded == null)) {
            throw new IllegalArgumentException("embedding and embedded address go together");
        }
    }

    static AddressClassification direct(AddressClass c) {
        return new AddressClassification(c, null, null);
    }

    /** "loopback address" or "loopback address 127.0.0.1 embedded in a 6to4 address". */
    public String describe() {
        return embedding == null
                ? addressClass.description()
                : addressClass.description() + " " + HostLiteralFormat.format(embedded) + " embedded in a " + embedding;
    }
}
