package dev.portcullis.benchmarks.connect;

import picocli.CommandLine;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} and {@code [v6]:PORT} command-line values. */
final class Addresses {
    private Addresses() {
    }

    /** @throws CommandLine.TypeConversionException naming the option and what is wrong */
    static InetSocketAddress parse(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLine.TypeConversionException(option + " '" + value + "': expected HOST:PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(option + " '" + value + "': the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.TypeConversionException(option + " '" + value + "': port out of 1-65535");
        }
        return new InetSocketAddress(host, port);
    }
}
