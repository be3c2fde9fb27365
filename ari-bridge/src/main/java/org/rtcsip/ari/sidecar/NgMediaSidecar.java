package org.rtcsip.ari.sidecar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.NgClient;
import org.rtcsip.ngwire.NgRefusedException;
import org.rtcsip.ngwire.NgUnreachableException;

/**
 * {@link MediaSidecar} over ng (docs/ng-external-media.md for {@code external media}), with ng-wire's client: one
 * client, one socket, per request, so requests of several calls may run on several threads at once.
 */
public final class NgMediaSidecar implements MediaSidecar {
    /**
     * {@code external media} answers only once both WebSockets are connected (up to 5 s each): one send, a long
     * wait. A re-send while media-sidecar is still connecting would be a second request for the same call-id.
     */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(12);
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    private static final int SHORT_SENDS = 3;

    private final InetSocketAddress server;

    public NgMediaSidecar(InetSocketAddress server) {
        this.server = server;
    }

    @Override
    public void joinLegs(String callId, MediaLeg caller, MediaLeg callee) throws NgException {
        request(NgClient.dict("command", "external media", "call-id", callId, "from-tag", caller.tag(),
                "to-tag", callee.tag(), "legs", List.of(leg(caller), leg(callee))), JOIN_TIMEOUT, 1);
    }

    private static Map<String, Object> leg(MediaLeg leg) {
        return NgClient.dict("transport", "websocket", "uri", leg.uri(), "codec", leg.ngCodec(), "ptime", 20);
    }

    @Override
    public void delete(String callId) throws NgException {
        try {
            request(NgClient.dict("command", "delete", "call-id", callId), SHORT_TIMEOUT, SHORT_SENDS);
        } catch (NgException e) {
            // a call media-sidecar does not hold (rtpengine's words): already gone is what we wanted
            String m = e.getMessage();
            if (!(e.refused() && (m.contains("Unknown call-id") || m.contains("not found")))) {
                throw e;
            }
        }
    }

    @Override
    public List<String> calls() throws NgException {
        Object calls = request(NgClient.dict("command", "list", "limit", 100_000), SHORT_TIMEOUT, SHORT_SENDS)
                .get("calls");
        List<String> ids = new ArrayList<>();
        if (calls instanceof List<?> list) {
            list.forEach(c -> ids.add(String.valueOf(c)));
        }
        return ids;
    }

    /** The {@code ok} reply; media-sidecar's {@code error} is a refusal, silence or garbage is not. */
    private Map<String, Object> request(Map<String, Object> request, Duration perAttempt, int sends)
            throws NgException {
        String command = String.valueOf(request.get("command"));
        try (NgClient ng = new NgClient(server, perAttempt, sends)) {
            return ng.request(request);
        } catch (NgRefusedException e) {
            throw new NgException("ng " + command + ": " + e.result() + ": " + e.getMessage(), true);
        } catch (NgUnreachableException e) {
            throw new NgException("ng " + command + ": no answer from media-sidecar at " + address() + ": "
                    + e.getMessage());
        } catch (IOException e) {
            throw new NgException("ng " + command + " to media-sidecar at " + address() + ": " + e.getMessage());
        }
    }

    private String address() {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }
}
