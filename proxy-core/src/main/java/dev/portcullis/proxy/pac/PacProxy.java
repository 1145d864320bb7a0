package dev.portcullis.proxy.pac;

/** One entry of a PAC result: {@code PROXY host:port} (plain HTTP proxy) or {@code HTTPS host:port} (TLS to it). */
public record PacProxy(Kind kind, String host, int port) {
    public enum Kind { HTTPS, PROXY }

    /** The PAC directive; IPv6 hosts are bracketed. */
    public String directive() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return kind.name() + " " + h + ":" + port;
    }
}
