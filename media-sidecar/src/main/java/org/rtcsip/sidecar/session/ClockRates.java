package org.rtcsip.sidecar.session;

import java.util.Arrays;

import org.rtcsip.sidecar.sdp.MediaDescription;
import org.rtcsip.sidecar.sdp.RtpMap;
import org.rtcsip.sidecar.sdp.SdpParseException;

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

    void learn(MediaDescription md) {
        for (String format : md.formats()) {
            try {
                RtpMap map = md.rtpMap(format);
                if (map != null && map.payloadType() >= 0 && map.payloadType() < 128 && map.clockRate() > 0) {
                    rates[map.payloadType()] = map.clockRate();
                }
            } catch (SdpParseException e) {
                // a broken rtpmap only costs jitter accuracy for that type
            }
        }
    }

    int of(int payloadType) {
        return rates[payloadType & 0x7f];
    }
}
