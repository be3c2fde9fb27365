package org.rtcsip.ari.agi;

import java.util.List;

import org.rtcsip.ari.config.Route;
import org.rtcsip.ari.sidecar.MediaLeg;

/**
 * What the FastAGI hook decided for one call, and why (the text goes into ARI_BRIDGE_REASON). {@link #decide}
 * is the whole rule:
 * <ol>
 * <li>no route matches the Dial string: dial direct (ari-bridge has nothing to say about this target);</li>
 * <li>the target takes the caller's codec (the first of its native formats, which is the one it speaks):
 *     dial direct, Asterisk relays without transcoding;</li>
 * <li>else, if media-sidecar transcodes between the caller's codec and one the target takes: through the
 *     sidecar, toward the first such target codec (the caller keeps its codec, e.g. Opus on a browser);</li>
 * <li>else dial direct, and Asterisk fails the call as it would without ari-bridge.</li>
 * </ol>
 */
public record RouteDecision(Kind kind, String reason, String dial, String callerCodec, String targetCodec) {

    public enum Kind {
        DIRECT, SIDECAR;

        /** The ARI_BRIDGE_ROUTE value and metrics label. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static RouteDecision decide(String dial, List<String> callerFormats, Route route) {
        if (callerFormats.isEmpty()) {
            return new RouteDecision(Kind.DIRECT, "the caller has no audio format", dial, "", "");
        }
        String caller = callerFormats.get(0);
        if (route == null) {
            return new RouteDecision(Kind.DIRECT, "no route matches " + dial, dial, caller, "");
        }
        if (route.codecs().contains(caller)) {
            return new RouteDecision(Kind.DIRECT, "route " + route.name() + " takes " + caller, dial, caller, caller);
        }
        if (MediaLeg.sidecarCodes(caller)) {
            for (String target : route.codecs()) {
                if (MediaLeg.sidecarCodes(target)) {
                    return new RouteDecision(Kind.SIDECAR, "caller speaks " + caller + ", route " + route.name()
                            + " takes " + String.join(",", route.codecs()) + ": media-sidecar transcodes " + caller
                            + "<->" + target, dial, caller, target);
                }
            }
        }
        return new RouteDecision(Kind.DIRECT, "no transcoding from " + caller + " to "
                + String.join(",", route.codecs()) + " in media-sidecar", dial, caller, "");
    }
}
