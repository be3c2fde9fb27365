package org.rtcsip.sidecar.codec;

/**
 * How {@link ConcentusOpusEncoder} encodes: target bitrate (bit/s), complexity (0-10), in-band FEC (SILK LBRR),
 * DTX, the packet loss percentage the encoder plans for (FEC is only produced when it is above 0), and constant
 * bitrate.
 *
 * @param bitrate           6000 to 510000 bit/s (RFC 7587 §6.1 maxaveragebitrate range)
 * @param complexity        0 (cheapest) to 10 (best)
 * @param inbandFec         produce LBRR so the receiver can rebuild one lost packet from the next
 * @param dtx               send nothing but a keep-alive frame every 400 ms during silence
 * @param packetLossPercent 0 to 100; with FEC on, 0 means no FEC is coded
 * @param cbr               constant instead of (constrained) variable bitrate
 */
public record OpusEncoderSettings(
        int bitrate, int complexity, boolean inbandFec, boolean dtx, int packetLossPercent, boolean cbr) {
    /** Narrowband speech from a G.711 leg: 24 kbit/s leaves room for LBRR at 10 % loss. */
    public static final int DEFAULT_BITRATE = 24000;
    public static final int DEFAULT_COMPLEXITY = 5;
    /** The loss the encoder assumes when FEC is on and no RTCP report says otherwise yet. */
    public static final int DEFAULT_PACKET_LOSS_PERCENT = 10;
    public static final int MIN_BITRATE = 6000;
    public static final int MAX_BITRATE = 510000;

    public OpusEncoderSettings {
        if (bitrate < MIN_BITRATE || bitrate > MAX_BITRATE) {
            throw new IllegalArgumentException("opus bitrate " + bitrate + " bit/s: outside 6000-510000");
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("opus complexity " + complexity + ": outside 0-10");
        }
        if (packetLossPercent < 0 || packetLossPercent > 100) {
            throw new IllegalArgumentException("opus packet loss " + packetLossPercent + " %: outside 0-100");
        }
    }

    /** 24 kbit/s, complexity 5, no FEC, no DTX, no assumed loss, VBR. */
    public static OpusEncoderSettings defaults() {
        return new OpusEncoderSettings(DEFAULT_BITRATE, DEFAULT_COMPLEXITY, false, false, 0, false);
    }

    /**
     * These settings adjusted to what the receiving side asked for in its fmtp (RFC 7587 §6.1: the parameters
     * describe what the SDP's author wants to receive): bitrate capped at its maxaveragebitrate, FEC, DTX and CBR
     * as it prefers. Turning FEC on with no assumed loss assumes {@link #DEFAULT_PACKET_LOSS_PERCENT}.
     */
    public OpusEncoderSettings toward(OpusParameters receiver) {
        int rate = receiver.maxAverageBitrate() > 0 ? Math.min(bitrate, receiver.maxAverageBitrate()) : bitrate;
        int loss = receiver.useInbandFec() && packetLossPercent == 0 ? DEFAULT_PACKET_LOSS_PERCENT : packetLossPercent;
        return new OpusEncoderSettings(Math.max(MIN_BITRATE, rate), complexity, receiver.useInbandFec(),
                receiver.useDtx(), loss, receiver.cbr());
    }

    public OpusEncoderSettings withBitrate(int newBitrate) {
        return new OpusEncoderSettings(newBitrate, complexity, inbandFec, dtx, packetLossPercent, cbr);
    }

    public OpusEncoderSettings withComplexity(int newComplexity) {
        return new OpusEncoderSettings(bitrate, newComplexity, inbandFec, dtx, packetLossPercent, cbr);
    }

    public OpusEncoderSettings withFec(boolean fec, int lossPercent) {
        return new OpusEncoderSettings(bitrate, complexity, fec, dtx, lossPercent, cbr);
    }

    public OpusEncoderSettings withDtx(boolean newDtx) {
        return new OpusEncoderSettings(bitrate, complexity, inbandFec, newDtx, packetLossPercent, cbr);
    }
}
