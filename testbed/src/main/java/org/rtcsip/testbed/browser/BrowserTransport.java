package org.rtcsip.testbed.browser;

import java.net.URI;

import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.tls.GeneratedCertificates;
import org.rtcsip.testbed.turn.CoturnProcess;

/**
 * How a browser reaches the edge, one value per column of the README's matrix: signalling over ws:// or wss://, media
 * directly (ICE host candidates) or relayed by a TURN server over UDP, TCP or TLS with {@code iceTransportPolicy:
 * "relay"} (a browser behind a firewall that lets nothing else through). The TURN ones signal over wss://, as a page
 * served over https must; TURN over TLS names the server {@value #TURN_TLS_NAME} (Firefox refuses a {@code turns:}
 * URL that holds an address), a name the edge's certificate must carry.
 */
public enum BrowserTransport {
    WS(null),
    WSS(null),
    TURN_UDP("udp"),
    TURN_TCP("tcp"),
    TURN_TLS("tls");

    /** The DNS name of the TURN server in a {@code turns:} URL; the browser resolves it to the route's host. */
    public static final String TURN_TLS_NAME = "turn.edge.test";

    private final String relayProtocol;

    BrowserTransport(String relayProtocol) {
        this.relayProtocol = relayProtocol;
    }

    /** Where the browser registers and the driver options that go with it. */
    public record Route(URI signalling, EdgeOptions edge) {
    }

    /**
     * The route to a secure Kamailio ({@link KamailioProcess#startSecure}) and coturn that the browser reaches at
     * {@code host}, trusting the test CA of {@code certs} (wss://, the https page, TURN over TLS); {@code coturn} may be
     * null for {@link #WS} and {@link #WSS}.
     */
    public Route route(String host, KamailioProcess kamailio, GeneratedCertificates certs, CoturnProcess coturn) {
        if (this == WS) {
            return new Route(kamailio.wsUri(host), EdgeOptions.NONE);
        }
        EdgeOptions secure = EdgeOptions.NONE.trusting(certs.caCert(), certs.edgeFullchain(), certs.edgeKey());
        if (!relayed()) {
            return new Route(kamailio.wssUri(host), secure);
        }
        EdgeOptions.Turn turn = switch (this) {
            case TURN_UDP -> new EdgeOptions.Turn(coturn.udpUrl(host), CoturnProcess.USER, CoturnProcess.PASSWORD,
                    true, null);
            case TURN_TCP -> new EdgeOptions.Turn(coturn.tcpUrl(host), CoturnProcess.USER, CoturnProcess.PASSWORD,
                    true, null);
            default -> new EdgeOptions.Turn(coturn.tlsUrl(TURN_TLS_NAME), CoturnProcess.USER, CoturnProcess.PASSWORD,
                    true, host);
        };
        return new Route(kamailio.wssUri(host), secure.relayedThrough(turn));
    }

    /** True when media must go through the TURN server. */
    public boolean relayed() {
        return relayProtocol != null;
    }

    /** How the browser reaches the TURN server (RTCIceCandidateStats.relayProtocol): udp, tcp or tls; null if direct. */
    public String relayProtocol() {
        return relayProtocol;
    }
}
