package org.rtcsip.testbed.ng;

/** An ng server that Kamailio anchors media on in a test: rtpengine (the reference) or media-sidecar. */
public interface NgMediaServer extends AutoCloseable {
    /** The rtpengine_sock URL Kamailio is given, e.g. {@code udp:127.0.0.1:2223}. */
    String ngUrl();

    /** True if {@code port} is in this server's media port range. */
    boolean ownsMediaPort(int port);

    /** {@code min-max}, for failure messages. */
    String portRange();

    String logText();

    @Override
    void close();
}
