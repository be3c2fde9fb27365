package org.rtcsip.sidecar.session;

import java.util.List;

/** The codecs the sidecar can decode and encode, and how it writes them into SDP when it adds them. */
final class Transcodable {
    private static final List<PayloadFormat> PROTOTYPES = List.of(
            new PayloadFormat(0, "PCMU", 8000, 1, null),
            new PayloadFormat(8, "PCMA", 8000, 1, null),
            // RFC 7587 §7: always opus/48000/2 in SDP; useinbandfec=1 lets the other side protect against loss.
            new PayloadFormat(111, "opus", 48000, 2, "minptime=10;useinbandfec=1"));

    private Transcodable() {
    }

    static boolean supports(PayloadFormat f) {
        for (PayloadFormat p : PROTOTYPES) {
            if (p.sameCodec(f)) {
                return true;
            }
        }
        return false;
    }

    /** The SDP form of a codec named in an ng flag ({@code PCMU}, {@code opus}), or null if we cannot make it. */
    static PayloadFormat prototype(String flagName) {
        for (PayloadFormat p : PROTOTYPES) {
            if (p.matches(flagName) || p.encoding().equalsIgnoreCase(flagName.split("/")[0])) {
                return p;
            }
        }
        return null;
    }

    /** RFC 4733 events at the codec's RTP clock rate, all 16 DTMF events. */
    static PayloadFormat telephoneEvent(int clockRate) {
        return new PayloadFormat(clockRate == 8000 ? 101 : 110, "telephone-event", clockRate, 1, "0-16");
    }
}
