package org.rtcsip.kamailio.rpc;

/** An address as Kamailio prints it: host (IPv4, IPv6 without brackets, or {@code *}) and port. */
public record HostPort(String host, int port) {

    /** {@code 127.0.0.1:5060}, {@code [::1]:5060}. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
