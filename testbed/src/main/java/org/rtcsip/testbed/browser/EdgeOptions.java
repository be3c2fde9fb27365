package org.rtcsip.testbed.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the softphone meets an edge that is more than a plain ws:// URL on loopback, each a driver flag of its own
 * (see deploy/softphone/drive.mjs): the CA Chromium trusts for wss:// (by SPKI) and the https page, what the caller
 * claims to be (From user, extra INVITE headers), the TURN server it relays through and whether it may use anything
 * but relayed candidates, and more listening windows later in the call. {@link #NONE} changes nothing. The SIP digest password is the softphone's own ({@link Softphone.Options#password}).
 *
 * @param trustedSpki base64 SHA-256 SubjectPublicKeyInfo hashes Chromium trusts (a test CA's)
 * @param pageCert the page's certificate chain (PEM) to serve it over https; null: http
 * @param pageKey its key; null with pageCert
 * @param fromUser the From user of outgoing calls; null: the registered user
 * @param extraHeaders more INVITE headers ("Name: value")
 * @param turn the TURN server; null: host candidates only
 * @param listenAt more times after media connected at which the page listens again (the report's heardAt)
 */
public record EdgeOptions(List<String> trustedSpki, Path pageCert, Path pageKey, String fromUser,
        List<String> extraHeaders, Turn turn, List<Duration> listenAt) {

    /** A plain ws:// edge: nothing more than the URL. */
    public static final EdgeOptions NONE = new EdgeOptions(List.of(), null, null, null, List.of(), null, List.of());

    /**
     * A TURN server: its URL ({@code turn:HOST:PORT?transport=udp|tcp}, {@code turns:HOST:PORT?transport=tcp}),
     * long-term credentials, and whether the browser may use relayed candidates only ({@code iceTransportPolicy:
     * "relay"}).
     */
    public record Turn(String url, String username, String credential, boolean relayOnly) {
    }

    public EdgeOptions {
        trustedSpki = List.copyOf(trustedSpki);
        extraHeaders = List.copyOf(extraHeaders);
        listenAt = List.copyOf(listenAt);
    }

    /** Trusts the CA with this SPKI hash for wss:// (and the page), serving the page over https with this chain. */
    public EdgeOptions trusting(String spki, Path pageChain, Path pageKey) {
        List<String> spkis = new ArrayList<>(trustedSpki);
        spkis.add(spki);
        return new EdgeOptions(spkis, pageChain, pageKey, fromUser, extraHeaders, turn, listenAt);
    }

    /** Calls with this From user and these extra headers (what a caller claims, not who it is). */
    public EdgeOptions claiming(String from, String... headers) {
        return new EdgeOptions(trustedSpki, pageCert, pageKey, from, List.of(headers), turn, listenAt);
    }

    /** Gathers candidates through this TURN server. */
    public EdgeOptions relayedThrough(Turn server) {
        return new EdgeOptions(trustedSpki, pageCert, pageKey, fromUser, extraHeaders, server, listenAt);
    }

    /** Listens again at these times after media connected (ICE and DTLS up). */
    public EdgeOptions listeningAt(Duration... times) {
        return new EdgeOptions(trustedSpki, pageCert, pageKey, fromUser, extraHeaders, turn,
                List.of(times));
    }

    /** The driver flags for these options. */
    List<String> driverArguments() {
        List<String> args = new ArrayList<>();
        trustedSpki.forEach(spki -> args.addAll(List.of("--trust-spki", spki)));
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
        }
        if (!listenAt.isEmpty()) {
            args.addAll(List.of("--listen-at-ms",
                    String.join(",", listenAt.stream().map(d -> Long.toString(d.toMillis())).toList())));
        }
        return args;
    }
}
