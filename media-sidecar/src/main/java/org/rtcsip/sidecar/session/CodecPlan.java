package org.rtcsip.sidecar.session;

/**
 * How media of one stream pair crosses the sidecar once offer and answer are done. Passthrough keeps the packets
 * and at most renumbers payload types; transcoding decodes {@code offererCodec} and encodes {@code answererCodec}
 * (and back), and maps telephone-events between the two sides' clock rates.
 *
 * @param offererEvents   telephone-event format on the offerer's side, or null if it has none
 * @param answererEvents  telephone-event format on the answerer's side, or null
 */
public record CodecPlan(boolean transcode, PayloadFormat offererCodec, PayloadFormat answererCodec,
                        PayloadFormat offererEvents, PayloadFormat answererEvents) {

    /** Short form for logs and /sessions: {@code opus/48000/2 <-> PCMU/8000 (transcode)}. */
    public String describe() {
        String a = offererCodec == null ? "-" : offererCodec.codecName();
        String b = answererCodec == null ? "-" : answererCodec.codecName();
        return a + " <-> " + b + (transcode ? " (transcode)" : " (passthrough)");
    }
}
