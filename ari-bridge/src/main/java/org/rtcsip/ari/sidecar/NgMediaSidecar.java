package org.rtcsip.ari.sidecar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link MediaSidecar} over ng (docs/ng-external-media.md for {@code external media}). */
public final class NgMediaSidecar implements MediaSidecar {
    /**
     * {@code external media} answers only once both WebSockets are connected (up to 5 s each): one send, a long
     * wait. A re-send while media-sidecar is still connecting would be a second request for the same call-id.
     */
    private static final int JOIN_TIMEOUT_MILLIS = 12_000;
    private static final int SHORT_TIMEOUT_MILLIS = 1_000;
    private static final int SHORT_SENDS = 3;

    private final NgClient ng;

    public NgMediaSidecar(NgClient ng) {
        this.ng = ng;
    }

    @Override
    public void joinLegs(String callId, MediaLeg caller, MediaLeg callee) throws NgException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("command", "external media");
        request.put("call-id", callId);
        request.put("from-tag", caller.tag());
        request.put("to-tag", callee.tag());
        request.put("legs", List.of(leg(caller), leg(callee)));
        ng.request(request, JOIN_TIMEOUT_MILLIS, 1);
    }

    private static Map<String, Object> leg(MediaLeg leg) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("transport", "websocket");
        d.put("uri", leg.uri());
        d.put("codec", leg.ngCodec());
        d.put("ptime", 20);
        return d;
    }

    @Override
    public void delete(String callId) throws NgException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("command", "delete");
        request.put("call-id", callId);
        try {
            ng.request(request, SHORT_TIMEOUT_MILLIS, SHORT_SENDS);
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
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("command", "list");
        request.put("limit", 100_000);
        Object calls = ng.request(request, SHORT_TIMEOUT_MILLIS, SHORT_SENDS).get("calls");
        List<String> ids = new ArrayList<>();
        if (calls instanceof List<?> list) {
            list.forEach(c -> ids.add(String.valueOf(c)));
        }
        return ids;
    }
}
