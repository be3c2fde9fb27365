package org.rtcsip.testbed.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the softphone meets an edge that is more than a plain ws:// URL on loopback, each a driver flag of its own
 * (see deploy/softphone/drive.mjs): the CA the browser trusts for wss://, the https page and TURN over TLS (Chromium by
 * its SPKI, Firefox in its profile's certificate database), what the caller claims to be (From user, extra INVITE
 * headers), the TURN server it relays through and whether it may use anything but relayed candidates, and more
 * listening windows later in the call. {@link #NONE} changes nothing. The SIP digest password is the softphone's own
 * ({@link Softphone.Options#password}).
 *
 * @param trustedCa the certificate (PEM) of the one CA the browser trusts beyond its own roots (a test CA); null: none
 * @param pageCert the page's certificate chain (PEM) to serve it over https; null: http
 * @param pageKey its key; null with pageCert
 * @param fromUser the From user of outgoing calls; null: the registered user
 * @param extraHeaders more INVITE headers ("Name: value")
 * @param turn the TURN server; null: host candidates only
 * @param listenAt more times after media connected at which the page listens again (the report's heardAt)
 */
public record EdgeOptions(Path trustedCa, Path pageCert, Path pageKey, String fromUser,
        List<String> extraHeaders, Turn turn, List<Duration> listenAt) {

    /** A plain ws:// edge: nothing more than the URL. */
    public static final EdgeOptions NONE = new EdgeOptions(null, null, null, null, List.of(), null, List.of());

    /**
     * A TURN server: its URL ({@code turn:HOST:PORT?transport=udp|tcp}, {@code turns:HOST:PORT?transport=tcp}),
     * long-term credentials, whether the browser may use relayed candidates only ({@code iceTransportPolicy:
     * "relay"}), and the address the URL's HOST stands for when it is a DNS name (the test bed has no DNS; null when
     * HOST is an address). TURN over TLS needs a name: Firefox refuses a {@code turns:} URL that holds an address.
     */
    public record Turn(String url, String username, String credential, boolean relayOnly, String hostAddress) {
    }

    public EdgeOptions {
        extraHeaders = List.copyOf(extraHeaders);
        listenAt = List.copyOf(listenAt);
    }

    /** Trusts the CA of {@code caCert} for wss:// (and the page), serving the page over https with this chain. */
    public EdgeOptions trusting(Path caCert, Path pageChain, Path pageKey) {
        return new EdgeOptions(caCert, pageChain, pageKey, fromUser, extraHeaders, turn, listenAt);
    }

    /** Calls with this From user and these extra headers (what a caller claims, not who it is). */
    public EdgeOptions claiming(String from, String... headers) {
        return new EdgeOptions(trustedCa, pageCert, pageKey, from, List.of(headers), turn, listenAt);
    }

    /** Gathers candidates through this TURN server. */
    public EdgeOptions relayedThrough(Turn server) {
        return new EdgeOptions(trustedCa, pageCert, pageKey, fromUser, extraHeaders, server, listenAt);
    }

    /** Listens again at these times after media connected (ICE and DTLS up). */
    public EdgeOptions listeningAt(Duration... times) {
        return new EdgeOptions(trustedCa, pageCert, pageKey, fromUser, extraHeaders, turn,
                List.of(times));
    }

    /** The driver flags for these options. */
    List<String> driverArguments() {
        List<String> args = new ArrayList<>();
        if (trustedCa != null) {
            args.addAll(List.of("--trust-ca", trustedCa.toString()));
        }
        if (pageCert != null) {
            args.addAll(List.of("--page-cert", pageCert.toString(), "--page-key", pageKey.toString()));
        }
        if (fromUser != null) {
            args.addAll(List.of("--from-user", fromUser));
        }
        extraHeaders.forEach(header -> args.addAll(List.of("--extra-header", header)));
        if (turn != null) {
            args.addAll(List.of("--ice-server", turn.url(), "--ice-username", turn.username(),
                    "--ice-credential", turn.credential(),
                    "--ice-transport-policy", turn.relayOnly() ? "relay" : "all"));
            if (turn.hostAddress() != null) {
                args.addAll(List.of("--ice-server-address", turn.hostAddress()));
            }
        }
        if (!listenAt.isEmpty()) {
            args.addAll(List.of("--listen-at-ms",
                    String.join(",", listenAt.stream().map(d -> Long.toString(d.toMillis())).toList())));
        }
        return args;
    }
}
