package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CodecNegotiationTest {
    private static final PayloadFormat OPUS = new PayloadFormat(111, "opus", 48000, 2, "minptime=10;useinbandfec=1");
    private static final PayloadFormat G722 = new PayloadFormat(9, "G722", 8000, 1, null);
    private static final PayloadFormat PCMU = new PayloadFormat(0, "PCMU", 8000, 1, null);
    private static final PayloadFormat PCMA = new PayloadFormat(8, "PCMA", 8000, 1, null);
    private static final PayloadFormat CN = new PayloadFormat(13, "CN", 8000, 1, null);
    private static final PayloadFormat TE48 = new PayloadFormat(110, "telephone-event", 48000, 1, null);
    private static final PayloadFormat TE8 = new PayloadFormat(126, "telephone-event", 8000, 1, null);
    /** Chromium 156's audio formats, as in the shared ng fixture (RED left out). */
    private static final List<PayloadFormat> CHROMIUM = List.of(OPUS, G722, PCMU, PCMA, CN, TE48, TE8);

    private static CodecOperations ops(List<String> strip, List<String> mask, List<String> transcode,
                                       boolean always) {
        return new CodecOperations(strip, mask, transcode, List.of(), List.of(), List.of(), always);
    }

    private static String names(List<PayloadFormat> fs) {
        return String.join(" ", fs.stream().map(f -> f.payloadType() + ":" + f.codecName()).toList());
    }

    @Test
    void withoutFlagsTheOfferGoesOnUnchanged() {
        CodecOperations none = ops(List.of(), List.of(), List.of(), false);
        assertEquals(CHROMIUM, CodecNegotiation.offerTowardsAnswerer(CHROMIUM, none));
    }

    @Test
    void maskAllTranscodePcmuOffersOnlyPcmuAndEventsAtItsRate() {
        CodecOperations o = ops(List.of(), List.of("all"), List.of("PCMU"), true);
        List<PayloadFormat> out = CodecNegotiation.offerTowardsAnswerer(CHROMIUM, o);
        assertEquals("0:PCMU/8000 126:telephone-event/8000", names(out),
                "masked formats the offerer has come back with their own payload types");
    }

    @Test
    void transcodeAddsACodecTheOffererLacks() {
        List<PayloadFormat> opusOnly = List.of(OPUS, TE48);
        List<PayloadFormat> out = CodecNegotiation.offerTowardsAnswerer(opusOnly,
                ops(List.of(), List.of(), List.of("PCMU"), false));
        assertEquals("111:opus/48000/2 0:PCMU/8000 110:telephone-event/48000 101:telephone-event/8000", names(out),
                "events at 8 kHz come with the PCMU the sidecar adds");
    }

    @Test
    void stripRemovesAndIsNotAcceptedFromTheOfferer() {
        CodecOperations strip = ops(List.of("opus"), List.of(), List.of(), false);
        assertFalse(CodecNegotiation.offerTowardsAnswerer(CHROMIUM, strip).contains(OPUS));
        CodecPlan plan = CodecNegotiation.plan(CHROMIUM, strip, List.of(PCMA));
        assertFalse(plan.transcode(), "PCMA is offered: passthrough");
        assertEquals(PCMA, plan.offererCodec());
    }

    @Test
    void answerSharingACodecIsPassthroughEvenIfTheBrowserWouldPreferOpus() {
        CodecPlan plan = CodecNegotiation.plan(CHROMIUM, ops(List.of(), List.of(), List.of(), false),
                List.of(PCMU, new PayloadFormat(101, "telephone-event", 8000, 1, "0-16")));
        assertFalse(plan.transcode());
        assertEquals(PCMU, plan.offererCodec());
        assertEquals(TE8, plan.offererEvents(), "events at the shared codec's rate");
    }

    @Test
    void alwaysTranscodeKeepsOpusTowardTheBrowserWhenTheTrunkAnswersPcmu() {
        CodecOperations o = ops(List.of(), List.of("all"), List.of("PCMU"), true);
        List<PayloadFormat> trunkAnswer = List.of(PCMU, new PayloadFormat(96, "telephone-event", 8000, 1, "0-16"));
        CodecPlan plan = CodecNegotiation.plan(CHROMIUM, o, trunkAnswer);
        assertTrue(plan.transcode(), plan.describe());
        assertEquals(OPUS, plan.offererCodec());
        assertEquals(PCMU, plan.answererCodec());
        assertEquals(TE48, plan.offererEvents());
        assertEquals("111:opus/48000/2 110:telephone-event/48000",
                names(CodecNegotiation.answerTowardsOfferer(CHROMIUM, o, trunkAnswer, plan)));
    }

    @Test
    void answererPickingOnlyWhatTheSidecarAddedMeansTranscoding() {
        List<PayloadFormat> opusOnly = List.of(OPUS);
        CodecOperations o = ops(List.of(), List.of(), List.of("PCMA"), false);
        CodecPlan plan = CodecNegotiation.plan(opusOnly, o, List.of(PCMA));
        assertTrue(plan.transcode());
        assertEquals("opus/48000/2 <-> PCMA/8000 (transcode)", plan.describe());
        assertEquals(List.of(OPUS), CodecNegotiation.answerTowardsOfferer(opusOnly, o, List.of(PCMA), plan),
                "no events: the answerer has none");
    }

    @Test
    void passthroughAnswerGoesBackAsTheAnswererWroteIt() {
        PayloadFormat opus96 = OPUS.withPayloadType(96);
        CodecPlan plan = CodecNegotiation.plan(CHROMIUM, ops(List.of(), List.of(), List.of(), false), List.of(opus96));
        assertFalse(plan.transcode());
        assertEquals(List.of(opus96), CodecNegotiation.answerTowardsOfferer(CHROMIUM,
                ops(List.of(), List.of(), List.of(), false), List.of(opus96), plan));
    }

    @Test
    void anUntranscodableAnswerIsLeftAlone() {
        PayloadFormat g729 = new PayloadFormat(18, "G729", 8000, 1, null);
        CodecPlan plan = CodecNegotiation.plan(List.of(OPUS), ops(List.of(), List.of(), List.of(), false),
                List.of(g729));
        assertFalse(plan.transcode());
    }
}
