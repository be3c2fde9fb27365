package org.rtcsip.sidecar.session;

import java.util.Arrays;
import java.util.List;

/** RTP clock rate per payload type: RFC 3551 §6 static types, overridden by the SDP's a=rtpmap lines. */
final class ClockRates {
    private static final int DEFAULT_RATE = 8000;
    private final int[] rates = new int[128];

    ClockRates() {
        Arrays.fill(rates, DEFAULT_RATE);
        rates[10] = 44100; // L16 stereo
        rates[11] = 44100; // L16 mono
        rates[14] = 90000; // MPA
        for (int pt : new int[] {25, 26, 28, 31, 32, 33, 34}) {
            rates[pt] = 90000; // static video types
        }
    }

    void learn(List<PayloadFormat> formats) {
        for (PayloadFormat f : formats) {
            if (f.payloadType() >= 0 && f.payloadType() < 128 && f.clockRate() > 0) {
                rates[f.payloadType()] = f.clockRate();
            }
        }
    }

    int of(int payloadType) {
        return rates[payloadType & 0x7f];
    }
}
