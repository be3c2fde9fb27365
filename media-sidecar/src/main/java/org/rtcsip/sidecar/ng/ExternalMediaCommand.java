package org.rtcsip.sidecar.ng;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.sidecar.session.Call;
import org.rtcsip.sidecar.session.ExternalLegSpec;
import org.rtcsip.sidecar.session.Leg;
import org.rtcsip.sidecar.session.MediaStream;

/** The ng {@code external media} request and reply (docs/ng-external-media.md). */
final class ExternalMediaCommand {
    private ExternalMediaCommand() {
    }

    /** The two legs, first for {@code from-tag}, second for {@code to-tag}; checked for shape, not for reach. */
    static List<ExternalLegSpec> legs(NgRequest req, String fromTag, String toTag) throws NgException {
        List<NgRequest> legs = req.dictionaries("legs");
        if (legs.size() != 2) {
            throw new NgException("Missing 'legs': two are needed");
        }
        if (toTag == null || toTag.isEmpty()) {
            throw new NgException("No to-tag in message");
        }
        List<ExternalLegSpec> out = new ArrayList<>();
        String[] tags = {fromTag, toTag};
        for (int i = 0; i < 2; i++) {
            NgRequest leg = legs.get(i);
            String uri = leg.string("uri");
            if (uri == null || uri.isEmpty()) {
                throw new NgException("Missing 'uri' in external media leg " + (i + 1));
            }
            String transport = leg.string("transport");
            out.add(new ExternalLegSpec(tags[i], transport == null ? "websocket" : transport, uri,
                    leg.string("codec"), (int) leg.number("ptime", 20)));
        }
        return out;
    }

    /** {@code result ok}, each leg's tag, transport, codec and state, and whether the sidecar transcodes. */
    static Map<String, Object> reply(Call call, Map<String, Object> ok) {
        List<Object> legs = new ArrayList<>();
        boolean transcoding = false;
        for (Leg leg : call.legs()) {
            for (MediaStream s : leg.streams()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("tag", leg.tag());
                l.put("transport", "websocket");
                l.put("codec", s.codecName() == null ? "" : s.codecName());
                l.put("state", s.externalState());
                legs.add(l);
                transcoding |= s.transcoding();
            }
        }
        ok.put("legs", legs);
        ok.put("transcoding", transcoding ? "yes" : "no");
        return ok;
    }
}
