package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.codec.ConcentusOpusDecoder;
import org.rtcsip.sidecar.codec.ConcentusOpusEncoder;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.OpusCodecs;
import org.rtcsip.sidecar.codec.OpusEncoderSettings;
import org.rtcsip.testbed.audio.SignalMetrics;
import org.rtcsip.sidecar.codec.TelephoneEvent;
import org.rtcsip.sidecar.codec.ToneGenerator;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.path.RtpSink;

/**
 * Signals through one transcoder direction, judged by what they sound like (frequency, SNR), not by bytes. SNR
 * thresholds: PCMU -> Opus -> decode 20 dB and Opus -> PCMU 18 dB, a margin under the 26-31 dB the codec layer
 * measured for Opus alone (the PCMU leg adds its ~38 dB quantisation noise and the re-timing adds a little).
 */
class TranscoderTest {
    static final PayloadFormat OPUS = new PayloadFormat(111, "opus", 48000, 2, "minptime=10;useinbandfec=1");
    static final PayloadFormat PCMU = new PayloadFormat(0, "PCMU", 8000, 1, null);
    static final PayloadFormat TE48 = new PayloadFormat(110, "telephone-event", 48000, 1, "0-15");
    static final PayloadFormat TE8 = new PayloadFormat(101, "telephone-event", 8000, 1, "0-16");
    private final CodecFactory codecs = new CodecFactory(OpusCodecs.concentus(), OpusEncoderSettings.defaults());

    /** Collects what the transcoder sends. */
    static final class Captured implements RtpSink {
        final List<byte[]> packets = new ArrayList<>();

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            byte[] p = new byte[len];
            System.arraycopy(buf, off, p, 0, len);
            packets.add(p);
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }

        List<byte[]> withPayloadType(int pt) {
            return packets.stream().filter(p -> RtpHeader.payloadType(p, 0, p.length) == pt).toList();
        }
    }

    static byte[] rtp(int pt, int seq, long ts, int ssrc, byte[] payload, int payloadLen, boolean marker) {
        byte[] p = new byte[12 + payloadLen];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | pt);
        RtpHeader.setSequenceNumber(p, 0, seq);
        RtpHeader.setTimestamp(p, 0, ts);
        RtpHeader.setSsrc(p, 0, ssrc);
        System.arraycopy(payload, 0, p, 12, payloadLen);
        return p;
    }

    /** 20 ms Opus packets of a tone, encoded from 8 kHz as a browser's would be decoded. */
    static List<byte[]> opusTone(double hz, int packets, boolean fec) {
        ConcentusOpusEncoder enc = new ConcentusOpusEncoder(fec ? OpusEncoderSettings.defaults().withFec(true, 10)
                : OpusEncoderSettings.defaults());
        ToneGenerator tone = new ToneGenerator(hz, 8000, 8000);
        List<byte[]> out = new ArrayList<>();
        byte[] payload = new byte[1500];
        for (int i = 0; i < packets; i++) {
            int n = enc.encode(tone.next(160), 0, 160, payload, 0, payload.length);
            out.add(rtp(111, 1000 + i, 48000L * 7 + 960L * i, 0xB0B, payload, n, i == 0));
        }
        return out;
    }

    static short[] decodePcmu(List<byte[]> packets) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            all.write(p, 12, p.length - 12);
        }
        byte[] ulaw = all.toByteArray();
        short[] pcm = new short[ulaw.length];
        G711.decodeUlaw(ulaw, 0, ulaw.length, pcm, 0);
        return pcm;
    }

    @Test
    void opusToneComesOutAsPcmuOfTheSameFrequency() {
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(1), new RelayMetrics());
        Captured out = new Captured();
        for (byte[] p : opusTone(1000, 100, false)) {
            t.onRtp(p, 0, p.length, 0, out);
        }
        assertEquals(100, out.packets.size(), "one 20 ms PCMU packet per Opus packet");
        short[] pcm = decodePcmu(out.packets);
        int from = 1600; // skip the codec's start-up
        assertEquals(1000.0, SignalMetrics.dominantFrequency(pcm, from, pcm.length - from, 8000, 100, 3900), 2.0);
        double snr = SignalMetrics.snrDb(pcm, from, pcm.length - from, 1000, 8000);
        assertTrue(snr > 18, "SNR " + snr + " dB");
    }

    @Test
    void pcmuToneComesOutAsOpusThatAnIndependentDecoderHearsAtTheSameFrequency() {
        Transcoder t = new Transcoder(PCMU, OPUS, null, null, 20, "useinbandfec=1", w -> { }, codecs, new SplittableRandom(2), new RelayMetrics());
        Captured out = new Captured();
        ToneGenerator tone = new ToneGenerator(440, 8000, 8000);
        byte[] ulaw = new byte[160];
        for (int i = 0; i < 100; i++) {
            G711.encodeUlaw(tone.next(160), 0, 160, ulaw, 0);
            byte[] p = rtp(0, 7 + i, 160L * i, 0xCAFE, ulaw, 160, false);
            t.onRtp(p, 0, p.length, 0, out);
        }
        assertEquals(100, out.packets.size());
        ConcentusOpusDecoder dec = new ConcentusOpusDecoder(8000);
        short[] pcm = new short[160 * 100];
        int at = 0;
        long previousTs = -1;
        for (byte[] p : out.packets) {
            long ts = RtpHeader.timestamp(p, 0, p.length);
            if (previousTs >= 0) {
                assertEquals(960, (ts - previousTs) & 0xFFFFFFFFL, "48 kHz RTP clock toward the browser");
            }
            previousTs = ts;
            at += dec.decode(p, 12, p.length - 12, pcm, at);
        }
        int from = 1600;
        assertEquals(440.0, SignalMetrics.dominantFrequency(pcm, from, at - from, 8000, 100, 3900), 2.0);
        double snr = SignalMetrics.snrDb(pcm, from, at - from, 440, 8000);
        assertTrue(snr > 18, "SNR " + snr + " dB");
    }

    @Test
    void tenPercentLossLeavesNoGapInTheOutput() {
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(3), new RelayMetrics());
        Captured out = new Captured();
        Random loss = new Random(10);
        List<byte[]> in = opusTone(700, 200, true);
        int sent = 0;
        for (int i = 0; i < in.size(); i++) {
            boolean lose = i > 0 && i < in.size() - 1 && loss.nextInt(10) == 0;
            if (!lose) {
                t.onRtp(in.get(i), 0, in.get(i).length, 0, out);
                sent++;
            }
        }
        assertTrue(sent < 195, "some packets really were lost: " + sent);
        assertEquals(200, out.packets.size(), "every lost 20 ms was concealed or recovered");
        for (int i = 1; i < out.packets.size(); i++) {
            byte[] a = out.packets.get(i - 1);
            byte[] b = out.packets.get(i);
            assertEquals(1, (RtpHeader.sequenceNumber(b, 0, b.length) - RtpHeader.sequenceNumber(a, 0, a.length))
                    & 0xFFFF);
            assertEquals(160, (RtpHeader.timestamp(b, 0, b.length) - RtpHeader.timestamp(a, 0, a.length))
                    & 0xFFFFFFFFL, "constant 20 ms cadence, monotonic timestamps");
        }
        assertTrue(t.counters.fecRecovered() + t.counters.concealed() >= 200 - sent);
    }

    @Test
    void lateAndDuplicatePacketsAreDroppedWithoutClockJumps() {
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(4), new RelayMetrics());
        Captured out = new Captured();
        List<byte[]> in = opusTone(500, 10, false);
        int[] order = {0, 1, 2, 2, 4, 3, 5, 6, 7, 8, 9};
        for (int i : order) {
            t.onRtp(in.get(i), 0, in.get(i).length, 0, out);
        }
        assertEquals(10, out.packets.size(), "3 was concealed when 4 came; late 3 and the duplicate 2 dropped");
        assertEquals(2, t.counters.lateOrDuplicate());
    }

    @Test
    void silenceMovesTheOutputClockOnWithoutSending() {
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(5), new RelayMetrics());
        Captured out = new Captured();
        List<byte[]> in = opusTone(500, 20, false);
        for (int i = 0; i < 10; i++) {
            t.onRtp(in.get(i), 0, in.get(i).length, 0, out);
        }
        // DTX: sequence numbers continue, the timestamp jumps 400 ms
        byte[] resumed = in.get(10).clone();
        RtpHeader.setSequenceNumber(resumed, 0, 1010);
        RtpHeader.setTimestamp(resumed, 0, RtpHeader.timestamp(resumed, 0, resumed.length) + 48 * 400);
        t.onRtp(resumed, 0, resumed.length, 0, out);
        byte[] before = out.packets.get(9);
        byte[] after = out.packets.get(out.packets.size() - 1);
        long jump = (RtpHeader.timestamp(after, 0, after.length) - RtpHeader.timestamp(before, 0, before.length))
                & 0xFFFFFFFFL;
        assertEquals(160 + 3200, jump, "20 ms frame + 400 ms pause at 8 kHz");
        assertTrue((after[1] & 0x80) != 0, "marker on the first packet after the pause");
    }

    private static final long MS = 1_000_000L;

    @Test
    void aPausedInputIsFilledWithSilenceOnTheOutputClockAndThePauseKeepsItsLength() {
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(8), new RelayMetrics());
        Captured out = new Captured();
        List<byte[]> in = opusTone(500, 22, false);
        for (int i = 0; i < 10; i++) {
            t.fillSilence(i * 20 * MS, out); // the input flows: nothing to fill
            t.onRtp(in.get(i), 0, in.get(i).length, i * 20 * MS, out);
        }
        assertEquals(10, out.packets.size());
        assertEquals(0, t.counters.silenceFilled(), "no silence while the input flows");
        long last = RtpHeader.timestamp(out.packets.get(9), 0, out.packets.get(9).length);
        // the input pauses after 180 ms; the frame clock ticks every 20 ms from 200 ms to 400 ms
        for (long at = 200; at <= 400; at += 20) {
            t.fillSilence(at * MS, out);
        }
        assertEquals(9, t.counters.silenceFilled(), "silence from 60 ms after the last frame (240 ms), one per 20 ms");
        for (int i = 10; i < 19; i++) {
            byte[] p = out.packets.get(i);
            assertEquals((last + 160L * (i - 9)) & 0xFFFFFFFFL, RtpHeader.timestamp(p, 0, p.length),
                    "silence frame " + (i - 9) + " follows on the output clock");
            for (int b = 12; b < p.length; b++) {
                assertTrue((p[b] & 0x7F) == 0x7F, "PCMU silence (0xFF or 0x7F), frame " + (i - 9));
            }
        }
        // DTX: the input resumes at 420 ms with packet 21, its timestamp 220 ms on; 180 ms of it were filled
        t.onRtp(in.get(21).clone(), 0, in.get(21).length, 420 * MS, out);
        byte[] resumed = out.packets.get(out.packets.size() - 1);
        assertEquals((last + 160L * 12) & 0xFFFFFFFFL, RtpHeader.timestamp(resumed, 0, resumed.length),
                "the resumed audio lands where the input's timestamps put it, as without the filling");
    }

    @Test
    void aContiguousInputAfterThePauseGoesOnRightAfterTheSilence() {
        // an ExternalMedia leg's frames get contiguous timestamps: the time filled is not skipped again
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(9), new RelayMetrics());
        Captured out = new Captured();
        List<byte[]> in = opusTone(500, 12, false);
        for (int i = 0; i < 10; i++) {
            t.onRtp(in.get(i), 0, in.get(i).length, i * 20 * MS, out);
        }
        for (long at = 240; at <= 300; at += 20) {
            t.fillSilence(at * MS, out);
        }
        assertEquals(4, t.counters.silenceFilled());
        byte[] fill = out.packets.get(out.packets.size() - 1);
        t.onRtp(in.get(10), 0, in.get(10).length, 310 * MS, out);
        byte[] resumed = out.packets.get(out.packets.size() - 1);
        assertEquals((RtpHeader.timestamp(fill, 0, fill.length) + 160) & 0xFFFFFFFFL,
                RtpHeader.timestamp(resumed, 0, resumed.length));
        assertEquals(0, t.counters.pauses, "no pause: the input's timestamps ran on");
    }

    @Test
    void packetsLostWhileSilenceWasFilledAreNotConcealedOnTopOfIt() {
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(11), new RelayMetrics());
        Captured out = new Captured();
        List<byte[]> in = opusTone(500, 16, false);
        for (int i = 0; i < 10; i++) {
            t.onRtp(in.get(i), 0, in.get(i).length, i * 20 * MS, out);
        }
        long last = RtpHeader.timestamp(out.packets.get(9), 0, out.packets.get(9).length);
        t.fillSilence(240 * MS, out); // packets 10-13 are lost; one frame of silence went out at 240 ms
        t.fillSilence(260 * MS, out);
        assertEquals(2, t.counters.silenceFilled());
        t.onRtp(in.get(14), 0, in.get(14).length, 280 * MS, out);
        byte[] resumed = out.packets.get(out.packets.size() - 1);
        assertEquals((last + 160L * 5) & 0xFFFFFFFFL, RtpHeader.timestamp(resumed, 0, resumed.length),
                "packet 14 lands 5 frames after packet 9, the 2 filled frames included, not 4 concealed on top");
        assertEquals(0, t.counters.concealed());
    }

    @Test
    void nothingIsFilledBeforeTheFirstAudio() {
        Transcoder t = new Transcoder(OPUS, PCMU, null, null, 20, null, w -> { }, codecs, new SplittableRandom(10), new RelayMetrics());
        Captured out = new Captured();
        for (long at = 0; at <= 1000; at += 20) {
            t.fillSilence(at * MS, out);
        }
        assertEquals(0, out.packets.size());
    }

    @Test
    void dtmfDigitsCrossFromFortyEightToEightKilohertzInStepWithTheAudio() {
        Transcoder t = new Transcoder(OPUS, PCMU, TE48, TE8, 20, null, w -> { }, codecs, new SplittableRandom(6), new RelayMetrics());
        Captured out = new Captured();
        List<byte[]> audio = opusTone(500, 5, false);
        for (byte[] p : audio) {
            t.onRtp(p, 0, p.length, 0, out);
        }
        long eventTs = RtpHeader.timestamp(audio.get(4), 0, audio.get(4).length) + 960;
        byte[] ev = new byte[4];
        int seq = 1005;
        for (String digits : List.of("0123456789*#")) {
            for (char d : digits.toCharArray()) {
                for (int step = 1; step <= 5; step++) { // 5 updates of 20 ms, then 3 ends: 100 ms digits
                    boolean end = step == 5;
                    TelephoneEvent.write(ev, 0, TelephoneEvent.dtmfEvent(d), end, 10, 960 * step);
                    for (int copies = 0; copies < (end ? 3 : 1); copies++) {
                        byte[] p = rtp(110, seq++, eventTs, 0xB0B, ev, 4, step == 1);
                        t.onRtp(p, 0, p.length, 0, out);
                    }
                }
                eventTs += 960 * 8;
            }
        }
        List<byte[]> events = out.withPayloadType(101);
        StringBuilder heard = new StringBuilder();
        int endPackets = 0;
        for (byte[] p : events) {
            int e = TelephoneEvent.event(p, 12);
            if (TelephoneEvent.end(p, 12)) {
                endPackets++;
                assertEquals(160 * 5, TelephoneEvent.duration(p, 12), "100 ms at 8 kHz");
                if (heard.length() == 0 || endPackets % 3 == 1) {
                    heard.append(TelephoneEvent.dtmfCharacter(e));
                }
            }
        }
        assertEquals("0123456789*#", heard.toString());
        assertEquals(36, endPackets, "each end packet three times");
    }

    @Test
    void eventsTowardASideWithoutTelephoneEventAreCounted() {
        Transcoder t = new Transcoder(OPUS, PCMU, TE48, null, 20, null, w -> { }, codecs, new SplittableRandom(7), new RelayMetrics());
        Captured out = new Captured();
        byte[] ev = new byte[4];
        TelephoneEvent.write(ev, 0, 5, false, 10, 960);
        byte[] p = rtp(110, 1, 0, 1, ev, 4, true);
        t.onRtp(p, 0, p.length, 0, out);
        assertEquals(0, out.packets.size());
        assertEquals(1, t.counters.eventsWithoutTelephoneEvent());
    }
}
