package org.rtcsip.sidecar.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real inputs the hostile suite mutates: every request Kamailio 5.6.3's rtpengine module sent in the ng capture
 * (test resource {@code ng/ng-kamailio-5.6.3-chromium-156.jsonl}: two calls, browser -> trunk and trunk ->
 * browser, with Chromium 156's SDP), and every real SDP body under {@code sdp/} (Chromium, Firefox, JsSIP, sipp,
 * Asterisk, baresip and linphone SDES offers, rtpengine's rewrites).
 */
final class Captures {
    /** One call of the capture: Kamailio's offer, answer and delete, in order. */
    record CapturedCall(Map<String, Object> offer, Map<String, Object> answer, Map<String, Object> delete) {
    }

    private final List<Map<String, Object>> requests;
    private final List<CapturedCall> calls;
    private final List<String> sdps;

    private Captures(List<Map<String, Object>> requests, List<CapturedCall> calls, List<String> sdps) {
        this.requests = requests;
        this.calls = calls;
        this.sdps = sdps;
    }

    static Captures load() {
        try {
            List<Map<String, Object>> requests = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(resource("/ng/ng-kamailio-5.6.3-chromium-156.jsonl"))) {
                Map<String, Object> record = json.readValue(line, new TypeReference<Map<String, Object>>() {
                });
                if ("->".equals(record.get("dir"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> msg = (Map<String, Object>) record.get("msg");
                    requests.add(msg);
                }
            }
            Map<String, List<Map<String, Object>>> byCall = new LinkedHashMap<>();
            for (Map<String, Object> r : requests) {
                if (r.get("call-id") != null) {
                    byCall.computeIfAbsent((String) r.get("call-id"), k -> new ArrayList<>()).add(r);
                }
            }
            List<CapturedCall> calls = new ArrayList<>();
            for (List<Map<String, Object>> c : byCall.values()) {
                calls.add(new CapturedCall(c.get(0), c.get(1), c.get(2)));
            }
            List<String> sdps = new ArrayList<>();
            try (Stream<Path> files = Files.list(resource("/sdp"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".sdp")).sorted().toList()) {
                    sdps.add(Files.readString(f, StandardCharsets.UTF_8));
                }
            }
            for (Map<String, Object> r : requests) {
                if (r.get("sdp") instanceof String sdp) {
                    sdps.add(sdp);
                }
            }
            if (calls.size() != 2 || sdps.size() < 30) {
                throw new IllegalStateException("captures: " + calls.size() + " calls, " + sdps.size() + " SDPs");
            }
            return new Captures(List.copyOf(requests), List.copyOf(calls), List.copyOf(sdps));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the captures", e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(Captures.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " not found", e);
        }
    }

    /** Every request of the capture (ping, offers, answers, deletes), as Kamailio sent them. */
    List<Map<String, Object>> requests() {
        return requests;
    }

    List<CapturedCall> calls() {
        return calls;
    }

    /** Real SDP bodies, offers and answers. */
    List<String> sdps() {
        return sdps;
    }

    /** A deep copy of {@code request} with its call-id replaced, for a new call. */
    static Map<String, Object> copy(Map<String, Object> request, String callId) {
        Map<String, Object> out = deepCopy(request);
        out.put("call-id", callId);
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object v : list) {
                out.add(deepCopy(v));
            }
            return (T) out;
        }
        return value;
    }
}
