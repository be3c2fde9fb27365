package org.rtcsip.sidecar.session;

/**
 * A listening-quality estimate from what RTCP tells (ITU-T G.107 E-model, simplified as is common for VoIP
 * monitoring): R = 93.2 - Id(delay) - Ie,eff(codec, loss), mapped to a MOS of 1..4.5. Good enough to rank calls
 * and spot bad ones; not a perceptual measurement.
 */
final class EModel {
    private EModel() {
    }

    /**
     * @param oneWayDelayMillis mouth-to-ear estimate: RTT/2 plus a jitter buffer of twice the jitter
     * @param lossPercent       packet loss, 0..100
     * @param ie                codec impairment (G.107 Appendix I: G.711 0, Opus narrowband about 11)
     * @param bpl               codec robustness to loss (G.711 with PLC 25.1; Opus with PLC/FEC about 20)
     */
    static double mos(double oneWayDelayMillis, double lossPercent, double ie, double bpl) {
        double d = Math.max(0, oneWayDelayMillis);
        double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
        double ppl = Math.max(0, Math.min(100, lossPercent));
        double ieEff = ie + (95 - ie) * ppl / (ppl + bpl);
        double r = 93.2 - id - ieEff;
        if (r <= 0) {
            return 1.0;
        }
        if (r >= 100) {
            return 4.5;
        }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
    }

    static double mosFor(PayloadFormat codec, double rttMillis, double jitterMillis, double lossPercent) {
        boolean opus = codec != null && codec.encoding().equalsIgnoreCase("opus");
        return mos(rttMillis / 2 + 2 * jitterMillis, lossPercent, opus ? 11 : 0, opus ? 20 : 25.1);
    }
}
