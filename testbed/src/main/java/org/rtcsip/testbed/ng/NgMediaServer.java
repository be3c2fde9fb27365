package org.rtcsip.testbed.ng;

/** An ng server that Kamailio anchors media on in a test: rtpengine (the reference) or media-sidecar. */
public interface NgMediaServer extends AutoCloseable {

    /** Its ng port and media port range on 127.0.0.1. */
    NgPorts ports();

    /** The rtpengine_sock URL Kamailio is given, e.g. {@code udp:127.0.0.1:2223}. */
    default String ngUrl() {
        return "udp:127.0.0.1:" + ports().ng();
    }

    /** True if {@code port} is in this server's media port range. */
    default boolean ownsMediaPort(int port) {
        return port >= ports().mediaMin() && port <= ports().mediaMax();
    }

    /** {@code min-max}, for failure messages. */
    default String portRange() {
        return ports().mediaMin() + "-" + ports().mediaMax();
    }

    String logText();

    @Override
    void close();
}
