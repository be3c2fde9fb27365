package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.it.TranscodingSignals.OPUS_EVENTS_PT;
import static org.rtcsip.sidecar.it.TranscodingSignals.OPUS_PT;
import static org.rtcsip.sidecar.it.TranscodingSignals.OPUS_TICKS_PER_PACKET;
import static org.rtcsip.sidecar.it.TranscodingSignals.PCMU_EVENTS_PT;
import static org.rtcsip.sidecar.it.TranscodingSignals.PCMU_PT;
import static org.rtcsip.sidecar.it.TranscodingSignals.PCMU_SAMPLES_PER_PACKET;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.audio.Goertzel;
import org.rtcsip.sidecar.codec.TelephoneEvent;
import org.rtcsip.sidecar.it.TranscodingSignals.Heard;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusMode;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusSender;
import org.rtcsip.sidecar.it.TranscodingSignals.PcmuSender;
import org.rtcsip.sidecar.it.TranscodingSignals;
import org.rtcsip.sidecar.rtcp.NtpTimestamp;
import org.rtcsip.sidecar.rtcp.ReportBlockValues;
import org.rtcsip.sidecar.rtcp.RtcpWriter;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;

/**
 * A browser offering only Opus calls a trunk that speaks only PCMU, through the sidecar in-process on loopback,
 * driven over ng exactly as Kamailio drives it (flags {@code codec-mask-opus transcode-PCMU} arrive as the
 * {@code codec} dictionary). Judged by signals: a tone keeps its frequency across the codec change, loss leaves
 * no hole in the output timeline, DTMF digits keep their durations across the 48 kHz / 8 kHz clocks, and the
 * sidecar reports on each leg as the RTP source it has become.
 *
 * <p>The browser side is Concentus encoding at 48 kHz, 32 kbit/s, in each Opus mode a browser uses (SILK,
 * hybrid SILK + CELT: what browsers send for speech, CELT). Thresholds, measured with a 1 kHz / 440 Hz tone at
 * -12 dBFS: Opus -> PCMU 31.2 dB SNR for SILK wideband, 32.6 dB for CELT fullband (hybrid: 28.9 dB once its
 * decoding works), asked: 25 dB; PCMU -> Opus (the sidecar's 8 kHz SILK narrowband at 24 kbit/s) 20.3 dB whether
 * decoded at 8 or 48 kHz, asked: 18 dB (as TranscoderTest). Frequencies within 1 Hz (measured: exact to the
 * 0.1 Hz step of the search).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TranscodingEndToEndTest {
    static final double MIN_SNR_OPUS_TO_PCMU_DB = 25;
    static final double MIN_SNR_PCMU_TO_OPUS_DB = 18;
    /** Under 10 % loss each 20 ms of output must keep the tone within this much of its level (concealment). */
    static final double MIN_FRAME_LEVEL_DB = -6;
    static final double MAX_FREQUENCY_ERROR_HZ = 1.0;
    /** The codecs' start-up (Opus encoder and decoder warm up, the first frames of the transcoder) is not judged. */
    static final int SKIP_MILLIS = 200;
    static final int ALICE_SSRC = 0x0A11CE;
    static final int BOB_SSRC = 0x0B0B;
    static final String DIGITS = "0123456789*#";

    private TestSidecar sc;
    private NgClient ng;
    /** The browser: Opus and telephone-event/48000. */
    private RtpParty alice;
    /** The trunk: PCMU and telephone-event/8000. */
    private RtpParty bob;

    /** How the offer asks for transcoding, as Kamailio's rtpengine module sends it. */
    enum Flags {
        /** {@code codec-mask-opus transcode-PCMU}: Opus hidden from the trunk, PCMU offered instead. */
        MASK_OPUS_TRANSCODE_PCMU,
        /** {@code always-transcode transcode-PCMU}: the trunk sees both and picks PCMU. */
        ALWAYS_TRANSCODE,
        /** No codec flags: the trunk sees Opus only and answers PCMU anyway, a codec the sidecar can produce. */
        NONE
    }

    @BeforeEach
    void start() throws Exception {
        sc = new TestSidecar();
        ng = sc.ngClient();
        alice = new RtpParty();
        bob = new RtpParty();
        for (DatagramSocket s : List.of(alice.rtp, alice.rtcp, bob.rtp, bob.rtcp)) {
            s.setReceiveBufferSize(1 << 20); // everything a test sends waits here until it is read
        }
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        ng.close();
        sc.close();
    }

    /** The sidecar's ports and the SDP it sent each way. */
    record TranscodedCall(String callId, int aliceFacing, int bobFacing, String offerToBob, String answerToAlice) {
    }

    private TranscodedCall call(String callId, Flags flags) throws Exception {
        Map<String, Object> offer = dict("supports", List.of("load limit"),
                "sdp", TranscodingSignals.browserSdp(alice.port()), "replace", List.of("origin", "session-connection"),
                "call-id", callId, "received-from", List.of("IP4", "127.0.0.1"), "from-tag", "alice-tag",
                "command", "offer");
        switch (flags) {
            case MASK_OPUS_TRANSCODE_PCMU -> offer.put("codec", dict("mask", List.of("opus"),
                    "transcode", List.of("PCMU")));
            case ALWAYS_TRANSCODE -> {
                offer.put("flags", List.of("always-transcode"));
                offer.put("codec", dict("transcode", List.of("PCMU")));
            }
            case NONE -> {
            }
        }
        Map<String, Object> o = ng.exchange(offer);
        assertEquals("ok", o.get("result"), o.toString());
        String toBob = (String) o.get("sdp");
        // the trunk answers with what it speaks, whatever it was offered
        Map<String, Object> a = ng.exchange(dict("sdp", TranscodingSignals.trunkSdp(bob.port()),
                "replace", List.of("origin", "session-connection"), "call-id", callId, "from-tag", "alice-tag",
                "to-tag", "bob-tag", "command", "answer"));
        assertEquals("ok", a.get("result"), a.toString());
        String toAlice = (String) a.get("sdp");
        return new TranscodedCall(callId, mediaPort(toAlice), mediaPort(toBob), toBob, toAlice);
    }

    static int mediaPort(String sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(1));
    }

    /** The payload types on the m= line, in order. */
    static List<String> formats(String sdp) {
        Matcher m = Pattern.compile("m=audio \\d+ \\S+ ([^\r\n]*)").matcher(sdp);
        assertTrue(m.find(), sdp);
        return List.of(m.group(1).trim().split(" "));
    }

    /** Payload type -> encoding/clock of every a=rtpmap line. */
    static Map<String, String> rtpmaps(String sdp) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("a=rtpmap:(\\d+) ([^\r\n]+)").matcher(sdp);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Sends with a small gap, as a paced sender would, without spending a test's worth of real time. */
    private static void send(RtpParty from, byte[] packet, int sidecarPort) throws IOException {
        from.send(from.rtp, packet, local(sidecarPort));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }

    /** RTP that arrived at {@code socket}: until {@code expected} packets or 500 ms of silence. */
    private static List<DatagramPacket> receive(DatagramSocket socket, int expected) throws IOException {
        List<DatagramPacket> got = new ArrayList<>();
        socket.setSoTimeout(500);
        while (got.size() < expected) {
            DatagramPacket p = RtpParty.receive(socket);
            if (p == null) {
                break;
            }
            got.add(p);
        }
        return got;
    }

    private static List<byte[]> bytes(List<DatagramPacket> packets) {
        return packets.stream().map(RtpParty::bytes).toList();
    }

    // --- offer/answer --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Flags.class)
    void eachSideIsOfferedOrAnsweredOnlyWhatTheSidecarCanDeliverToIt(Flags flags) throws Exception {
        TranscodedCall c = call("sdp-" + flags, flags);
        Map<String, String> toBob = rtpmaps(c.offerToBob());
        switch (flags) {
            case MASK_OPUS_TRANSCODE_PCMU -> {
                assertEquals(List.of("0", "101"), formats(c.offerToBob()),
                        "PCMU and events at its clock; masked Opus and orphaned 48 kHz events gone:\n"
                                + c.offerToBob());
                assertEquals("telephone-event/8000", toBob.get("101"), c.offerToBob());
            }
            case ALWAYS_TRANSCODE -> {
                assertEquals(List.of("111", "0", "110", "101"), formats(c.offerToBob()),
                        "Opus as offered, PCMU added with events at 8 kHz:\n" + c.offerToBob());
                assertEquals("opus/48000/2", toBob.get("111"), c.offerToBob());
                assertEquals("telephone-event/8000", toBob.get("101"), c.offerToBob());
            }
            case NONE -> assertEquals(List.of("111", "110"), formats(c.offerToBob()),
                    "no flags: the offer passes unchanged\n" + c.offerToBob());
        }
        assertEquals(List.of("111", "110"), formats(c.answerToAlice()),
                "the browser gets back only Opus and its own 48 kHz events, never the trunk's PCMU:\n"
                        + c.answerToAlice());
        Map<String, String> toAlice = rtpmaps(c.answerToAlice());
        assertEquals("opus/48000/2", toAlice.get("111"), c.answerToAlice());
        assertEquals("telephone-event/48000", toAlice.get("110"), c.answerToAlice());
        assertFalse(c.answerToAlice().contains("PCMU"), c.answerToAlice());
        assertTrue(c.answerToAlice().contains("a=fmtp:111 minptime=10;useinbandfec=1"), c.answerToAlice());

        Map<String, Object> q = ng.exchange(dict("call-id", c.callId(), "from-tag", "alice-tag", "command", "query"));
        assertEquals("opus/48000/2", firstMedia(q, "alice-tag").get("codec"), q.toString());
        assertEquals("PCMU/8000", firstMedia(q, "bob-tag").get("codec"), q.toString());
        assertTrue(((List<?>) firstMedia(q, "alice-tag").get("flags")).contains("transcoding"), q.toString());
    }

    // --- audio ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(OpusMode.class)
    void opusToneFromTheBrowserArrivesAtTheTrunkAsPcmuOfTheSameFrequency(OpusMode mode) throws Exception {
        TranscodedCall c = call("tone-a", Flags.MASK_OPUS_TRANSCODE_PCMU);
        OpusSender browser = new OpusSender(1000, mode, false, ALICE_SSRC, 4000, 48000L * 17);
        for (int i = 0; i < 100; i++) {
            byte[] p = browser.next();
            assertTrue(mode.matchesToc(p[12]), "the browser sends " + mode + ": TOC 0x" + Integer.toHexString(p[12]));
            send(alice, p, c.aliceFacing());
        }
        List<DatagramPacket> got = receive(bob.rtp, 100);
        assertEquals(100, got.size(), "one 20 ms PCMU packet per 20 ms Opus packet");
        List<byte[]> packets = bytes(got);
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            assertEquals(c.bobFacing(), got.get(i).getPort(), "symmetric RTP: from the port offered to bob");
            assertEquals(PCMU_PT, RtpHeader.payloadType(p, 0, p.length));
            assertEquals(PCMU_SAMPLES_PER_PACKET, RtpHeader.payloadLength(p, 0, p.length), "a=ptime:20 of bob");
            assertNotEquals(ALICE_SSRC, RtpHeader.ssrc(p, 0, p.length), "the sidecar is the RTP source now");
        }
        Heard heard = TranscodingSignals.listen(TranscodingSignals.decodePcmu(packets), 8000, SKIP_MILLIS, 1000);
        System.out.println("Opus " + mode + " 1 kHz -> PCMU at the trunk: " + heard);
        assertEquals(1000, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard.toString());
        assertTrue(heard.snrDb() > MIN_SNR_OPUS_TO_PCMU_DB, heard.toString());
    }

    @Test
    void pcmuToneFromTheTrunkArrivesAtTheBrowserAsOpusOfTheSameFrequency() throws Exception {
        TranscodedCall c = call("tone-b", Flags.MASK_OPUS_TRANSCODE_PCMU);
        PcmuSender trunk = new PcmuSender(440, BOB_SSRC, 7, 160L * 1234);
        for (int i = 0; i < 100; i++) {
            send(bob, trunk.next(), c.bobFacing());
        }
        List<DatagramPacket> got = receive(alice.rtp, 100);
        assertEquals(100, got.size(), "one 20 ms Opus packet per PCMU packet");
        List<byte[]> packets = bytes(got);
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            assertEquals(c.aliceFacing(), got.get(i).getPort());
            assertEquals(OPUS_PT, RtpHeader.payloadType(p, 0, p.length));
            if (i > 0) {
                byte[] q = packets.get(i - 1);
                assertEquals(OPUS_TICKS_PER_PACKET, (RtpHeader.timestamp(p, 0, p.length)
                        - RtpHeader.timestamp(q, 0, q.length)) & 0xFFFFFFFFL, "48 kHz RTP clock toward the browser");
            }
        }
        // decoded as a browser does, at 48 kHz
        Heard heard = TranscodingSignals.listen(TranscodingSignals.decodeOpus(packets, 48000), 48000, SKIP_MILLIS, 440);
        System.out.println("PCMU 440 Hz -> Opus at the browser: " + heard + "; decoded at 8 kHz: "
                + TranscodingSignals.listen(TranscodingSignals.decodeOpus(packets, 8000), 8000, SKIP_MILLIS, 440));
        assertEquals(440, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard.toString());
        assertTrue(heard.snrDb() > MIN_SNR_PCMU_TO_OPUS_DB, heard.toString());
    }

    @ParameterizedTest
    @EnumSource(OpusMode.class)
    void tenPercentLossOnTheBrowserSideLeavesNoGapInThePcmuTowardTheTrunk(OpusMode mode) throws Exception {
        TranscodedCall c = call("loss", Flags.MASK_OPUS_TRANSCODE_PCMU);
        // FEC on, as useinbandfec=1 in the sidecar's answer asks (SILK and hybrid code it; CELT has none)
        OpusSender browser = new OpusSender(1000, mode, true, ALICE_SSRC, 65500, 0xFFFF0000L); // both wrap
        Random loss = new Random(20240610);
        int packets = 250;
        int lost = 0;
        boolean[] dropped = new boolean[packets];
        for (int i = 0; i < packets; i++) {
            byte[] p = browser.next();
            // never the first or the last: nothing before or after them can stand in for them
            if (i > 0 && i < packets - 1 && loss.nextInt(10) == 0) {
                lost++;
                dropped[i] = true;
                continue;
            }
            send(alice, p, c.aliceFacing());
        }
        assertTrue(lost >= 15 && lost <= 35, "about 10 % lost: " + lost);
        List<byte[]> out = bytes(receive(bob.rtp, packets + 10));
        assertEquals(packets, out.size(), lost + " packets lost on the way in; every 20 ms must still go out");
        for (int i = 1; i < out.size(); i++) {
            byte[] a = out.get(i - 1);
            byte[] b = out.get(i);
            assertEquals(1, (RtpHeader.sequenceNumber(b, 0, b.length) - RtpHeader.sequenceNumber(a, 0, a.length))
                    & 0xFFFF, "packet " + i + ": consecutive sequence numbers");
            assertEquals(PCMU_SAMPLES_PER_PACKET, (RtpHeader.timestamp(b, 0, b.length)
                    - RtpHeader.timestamp(a, 0, a.length)) & 0xFFFFFFFFL, "packet " + i + ": constant 20 ms cadence");
            assertEquals(PCMU_SAMPLES_PER_PACKET, RtpHeader.payloadLength(b, 0, b.length));
        }
        String metrics = sc.http("/metrics");
        double filled = sample(metrics, "sidecar_concealed_frames_total{method=\"plc\"}")
                + sample(metrics, "sidecar_concealed_frames_total{method=\"fec\"}");
        assertEquals(lost, filled, 0.0, "each lost frame concealed or rebuilt from FEC\n" + metrics);
        short[] pcm = TranscodingSignals.decodePcmu(out);
        Heard heard = TranscodingSignals.listen(pcm, 8000, SKIP_MILLIS, 1000);
        // no hole in the sound either: every 20 ms frame, concealed ones included, carries the tone
        int weakFrames = 0;
        double weakest = Double.MAX_VALUE;
        double tonePower = heard.amplitude() * heard.amplitude() / 2;
        for (int at = 8 * SKIP_MILLIS; at + PCMU_SAMPLES_PER_PACKET <= pcm.length; at += PCMU_SAMPLES_PER_PACKET) {
            if (noiseConcealed(dropped, at / PCMU_SAMPLES_PER_PACKET)) {
                continue;
            }
            double db = 10 * Math.log10(Goertzel.power(pcm, at, PCMU_SAMPLES_PER_PACKET, 1000, 8000) / tonePower);
            weakest = Math.min(weakest, db);
            if (db < MIN_FRAME_LEVEL_DB) {
                weakFrames++;
            }
        }
        System.out.printf("Opus %s 1 kHz with %d/%d lost -> PCMU: %s, FEC %.0f, weakest frame %.1f dB, %d frames "
                + "under %.0f dB%n", mode, lost, packets, heard,
                sample(metrics, "sidecar_concealed_frames_total{method=\"fec\"}"), weakest,
                weakFrames, MIN_FRAME_LEVEL_DB);
        assertEquals(1000, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard.toString());
        if (mode == OpusMode.CELT_FULLBAND) {
            // CELT's pitch-based concealment carries a steady tone on; SILK's fades it by itself (Concentus alone,
            // these losses: 40 of 240 frames 6 dB down), so only CELT can show that no frame became a hole
            assertEquals(0, weakFrames, "frames more than " + -MIN_FRAME_LEVEL_DB + " dB under the tone: holes; "
                    + "weakest " + weakest + " dB");
        }
    }

    /**
     * True for a frame libopus (1.2 and later) conceals with noise rather than pitch: a loss whose run follows a
     * single packet after an earlier loss (celt_decoder.c: pitch-based PLC only after two packets in a row). For a
     * tone that is a weak frame by design, not a hole the sidecar made. Concentus (libopus 1.1) has no such rule.
     */
    private static boolean noiseConcealed(boolean[] dropped, int frame) {
        if (frame >= dropped.length || !dropped[frame]) {
            return false;
        }
        int start = frame;
        while (start > 0 && dropped[start - 1]) {
            start--;
        }
        return start >= 2 && dropped[start - 2];
    }

    private static double sample(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + name + " in\n" + metrics);
    }

    // --- DTMF ----------------------------------------------------------------------------------------------------

    /** One digit of 100 ms as RFC 4733 §2.5 has a sender do it: 5 updates, 20 ms apart; the end sent 3 times. */
    private static List<byte[]> digit(char digit, int payloadType, long timestamp, int ssrc, int ticksPer20Ms,
            java.util.function.IntSupplier seq) {
        List<byte[]> packets = new ArrayList<>();
        byte[] event = new byte[4];
        for (int step = 1; step <= 5; step++) {
            boolean end = step == 5;
            TelephoneEvent.write(event, 0, TelephoneEvent.dtmfEvent(digit), end, 10, ticksPer20Ms * step);
            for (int copy = 0; copy < (end ? 3 : 1); copy++) {
                packets.add(TranscodingSignals.rtp(payloadType, step == 1, seq.getAsInt(), timestamp, ssrc, event, 4));
            }
        }
        return packets;
    }

    @Test
    void dtmfFromTheBrowserAtFortyEightKilohertzReachesTheTrunkAtEightWithTheSameDurations() throws Exception {
        TranscodedCall c = call("dtmf-a", Flags.MASK_OPUS_TRANSCODE_PCMU);
        OpusSender browser = new OpusSender(700, OpusMode.HYBRID_FULLBAND, false, ALICE_SSRC, 100, 96000);
        for (int i = 0; i < 5; i++) {
            send(alice, browser.next(), c.aliceFacing());
        }
        for (char d : DIGITS.toCharArray()) {
            for (byte[] p : digit(d, OPUS_EVENTS_PT, browser.timestamp(), ALICE_SSRC, OPUS_TICKS_PER_PACKET,
                    browser::takeSeq)) {
                send(alice, p, c.aliceFacing());
            }
            browser.skip(5L * OPUS_TICKS_PER_PACKET); // the event replaced 100 ms of audio
            for (int i = 0; i < 3; i++) {
                send(alice, browser.next(), c.aliceFacing());
            }
        }
        List<byte[]> out = bytes(receive(bob.rtp, 1000));
        assertDigits(out, PCMU_EVENTS_PT, PCMU_PT, PCMU_SAMPLES_PER_PACKET);
    }

    @Test
    void dtmfFromTheTrunkAtEightKilohertzReachesTheBrowserAtFortyEightWithTheSameDurations() throws Exception {
        TranscodedCall c = call("dtmf-b", Flags.MASK_OPUS_TRANSCODE_PCMU);
        PcmuSender trunk = new PcmuSender(700, BOB_SSRC, 60000, 8000);
        for (int i = 0; i < 5; i++) {
            send(bob, trunk.next(), c.bobFacing());
        }
        for (char d : DIGITS.toCharArray()) {
            for (byte[] p : digit(d, PCMU_EVENTS_PT, trunk.timestamp(), BOB_SSRC, PCMU_SAMPLES_PER_PACKET,
                    trunk::takeSeq)) {
                send(bob, p, c.bobFacing());
            }
            trunk.skip(5L * PCMU_SAMPLES_PER_PACKET);
            for (int i = 0; i < 3; i++) {
                send(bob, trunk.next(), c.bobFacing());
            }
        }
        List<byte[]> out = bytes(receive(alice.rtp, 1000));
        assertDigits(out, OPUS_EVENTS_PT, OPUS_PT, OPUS_TICKS_PER_PACKET);
    }

    /**
     * The received stream carries the 12 digits in order, each as updates growing by 20 ms and an end of 100 ms
     * sent three times (RFC 4733 §2.5.1.4), all in the receiver's clock; the M bit opens each event; the audio
     * after a digit resumes 100 ms after the event's timestamp on the same clock (events stay in step with audio).
     */
    private static void assertDigits(List<byte[]> out, int eventsPt, int audioPt, int ticksPer20Ms) {
        StringBuilder heard = new StringBuilder();
        StringBuilder trace = new StringBuilder();
        for (byte[] p : out) {
            int pt = RtpHeader.payloadType(p, 0, p.length);
            trace.append(pt).append('@').append(RtpHeader.timestamp(p, 0, p.length));
            if (pt == eventsPt) {
                trace.append('/').append(TelephoneEvent.duration(p, 12)).append(TelephoneEvent.end(p, 12) ? "E" : "");
            }
            trace.append(' ');
        }
        int i = 0;
        int digits = 0;
        while (i < out.size()) {
            byte[] p = out.get(i);
            if (RtpHeader.payloadType(p, 0, p.length) != eventsPt) {
                assertEquals(audioPt, RtpHeader.payloadType(p, 0, p.length), trace.toString());
                i++;
                continue;
            }
            long eventTs = RtpHeader.timestamp(p, 0, p.length);
            int event = TelephoneEvent.event(p, 12);
            assertTrue(RtpHeader.marker(p, 0, p.length), "M bit on the first packet of digit " + digits + "\n" + trace);
            List<Integer> durations = new ArrayList<>();
            int ends = 0;
            while (i < out.size() && RtpHeader.payloadType(out.get(i), 0, out.get(i).length) == eventsPt) {
                byte[] e = out.get(i);
                assertEquals(eventTs, RtpHeader.timestamp(e, 0, e.length), "one timestamp per event\n" + trace);
                assertEquals(event, TelephoneEvent.event(e, 12), trace.toString());
                if (TelephoneEvent.end(e, 12)) {
                    ends++;
                    assertEquals(5 * ticksPer20Ms, TelephoneEvent.duration(e, 12), "100 ms in the receiver's clock");
                } else {
                    durations.add(TelephoneEvent.duration(e, 12));
                }
                i++;
            }
            assertEquals(List.of(ticksPer20Ms, 2 * ticksPer20Ms, 3 * ticksPer20Ms, 4 * ticksPer20Ms), durations,
                    "updates every 20 ms, rescaled\n" + trace);
            assertEquals(3, ends, "the end packet three times\n" + trace);
            heard.append(TelephoneEvent.dtmfCharacter(event));
            assertTrue(i < out.size(), "audio follows the last digit\n" + trace);
            byte[] next = out.get(i);
            assertEquals(eventTs + 5L * ticksPer20Ms, RtpHeader.timestamp(next, 0, next.length),
                    "audio resumes where the 100 ms digit ends\n" + trace);
            digits++;
        }
        assertEquals(DIGITS, heard.toString(), trace.toString());
    }

    // --- RTCP ----------------------------------------------------------------------------------------------------

    /** An SR the sidecar sent: whose, and when it arrived (for the echo in our RR). */
    record SenderReport(int ssrc, long compactNtp, long arrivalNanos) {
    }

    /**
     * The first SR on each socket, read as it arrives: both sockets are polled in turn, so an SR never waits in a
     * buffer while the other is read (its arrival time goes into DLSR, and a late read would show up as RTT).
     */
    private static SenderReport[] awaitSenderReports(DatagramSocket[] sockets, long deadlineNanos)
            throws IOException {
        SenderReport[] found = new SenderReport[sockets.length];
        byte[] buf = new byte[1500];
        for (DatagramSocket s : sockets) {
            s.setSoTimeout(2);
        }
        while (System.nanoTime() < deadlineNanos && Arrays.stream(found).anyMatch(java.util.Objects::isNull)) {
            for (int i = 0; i < sockets.length; i++) {
                if (found[i] != null) {
                    continue;
                }
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    sockets[i].receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                long arrival = System.nanoTime();
                if (p.getLength() >= 28 && (buf[1] & 0xFF) == 200) {
                    int ssrc = java.nio.ByteBuffer.wrap(buf, 4, 4).getInt();
                    long msw = java.nio.ByteBuffer.wrap(buf, 8, 4).getInt() & 0xFFFFFFFFL;
                    long lsw = java.nio.ByteBuffer.wrap(buf, 12, 4).getInt() & 0xFFFFFFFFL;
                    found[i] = new SenderReport(ssrc, NtpTimestamp.compact((msw << 32) | lsw), arrival);
                }
            }
        }
        return found;
    }

    /**
     * An RR + SDES compound about the sidecar's SSRC that claims a network {@code simulatedRttNanos} long: DLSR
     * is set that much shorter than the time the SR really sat here (RFC 3550 §6.4.1: RTT = A - LSR - DLSR).
     */
    private static byte[] receiverReport(int ownSsrc, SenderReport sr, int fractionLost, long jitter,
            long simulatedRttNanos, long extendedHighestSeq) {
        ReportBlockValues block = new ReportBlockValues();
        block.ssrc = sr.ssrc();
        block.fractionLost = fractionLost;
        block.cumulativeLost = fractionLost == 0 ? 0 : 3;
        block.extendedHighestSeq = extendedHighestSeq;
        block.jitter = jitter;
        block.lastSenderReport = sr.compactNtp();
        block.delaySinceLastSenderReport = NtpTimestamp.compactFromNanos(
                System.nanoTime() - sr.arrivalNanos() - simulatedRttNanos);
        byte[] buf = new byte[200];
        int n = RtcpWriter.writeReceiverReport(buf, 0, ownSsrc, new ReportBlockValues[] {block}, 1);
        n += RtcpWriter.writeSourceDescriptionCname(buf, n, ownSsrc, "party@127.0.0.1".getBytes());
        return Arrays.copyOf(buf, n);
    }

    @Test
    void sidecarSendsItsOwnSenderReportsToBothLegsAndQueryReportsEachLegsRttLossJitterAndMos() throws Exception {
        TranscodedCall c = call("rtcp", Flags.MASK_OPUS_TRANSCODE_PCMU);
        long answered = System.nanoTime();
        OpusSender browser = new OpusSender(1000, OpusMode.HYBRID_FULLBAND, false, ALICE_SSRC, 1, 0);
        PcmuSender trunk = new PcmuSender(440, BOB_SSRC, 1, 0);
        for (int i = 0; i < 10; i++) {
            send(alice, browser.next(), c.aliceFacing());
            send(bob, trunk.next(), c.bobFacing());
        }
        List<byte[]> atAlice = bytes(receive(alice.rtp, 10));
        List<byte[]> atBob = bytes(receive(bob.rtp, 10));
        assertEquals(10, atAlice.size());
        assertEquals(10, atBob.size());
        int ssrcTowardAlice = RtpHeader.ssrc(atAlice.get(0), 0, atAlice.get(0).length);
        int ssrcTowardBob = RtpHeader.ssrc(atBob.get(0), 0, atBob.get(0).length);

        // RFC 3550 §6.2: 5 s minimum interval, randomised x[0.5, 1.5], the first after half of one: <= 3.75 s
        long deadline = answered + TimeUnit.SECONDS.toNanos(8);
        SenderReport[] reports = awaitSenderReports(new DatagramSocket[] {alice.rtcp, bob.rtcp}, deadline);
        SenderReport toAlice = reports[0];
        SenderReport toBob = reports[1];
        assertNotNull(toAlice, "no SR from the sidecar at the browser within 8 s");
        assertNotNull(toBob, "no SR from the sidecar at the trunk within 8 s");
        assertEquals(ssrcTowardAlice, toAlice.ssrc(), "the SR is from the SSRC of the RTP alice receives");
        assertEquals(ssrcTowardBob, toBob.ssrc(), "the SR is from the SSRC of the RTP bob receives");

        Thread.sleep(150); // both hold the SR a while: DLSR must account for it
        long simulatedRtt = TimeUnit.MILLISECONDS.toNanos(100);
        // alice: 10 % loss (26/256), 10 ms jitter at 48 kHz; bob: a clean leg
        alice.send(alice.rtcp, receiverReport(ALICE_SSRC, toAlice, 26, 480, simulatedRtt, 10),
                local(c.aliceFacing() + 1));
        bob.send(bob.rtcp, receiverReport(BOB_SSRC, toBob, 0, 0, simulatedRtt, 10), local(c.bobFacing() + 1));

        Map<String, Object> aliceRtcp = null;
        Map<String, Object> bobRtcp = null;
        Map<String, Object> q = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            q = ng.exchange(dict("call-id", c.callId(), "from-tag", "alice-tag", "command", "query"));
            aliceRtcp = rtcpOf(q, "alice-tag");
            bobRtcp = rtcpOf(q, "bob-tag");
            if (aliceRtcp != null && bobRtcp != null && ((Long) aliceRtcp.get("reports received")) > 0
                    && ((Long) bobRtcp.get("reports received")) > 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertNotNull(aliceRtcp, "query has no rtcp for alice's media: " + q);
        assertNotNull(bobRtcp, "query has no rtcp for bob's media: " + q);
        System.out.println("query rtcp: alice " + aliceRtcp + ", bob " + bobRtcp);
        for (Map<String, Object> leg : List.of(aliceRtcp, bobRtcp)) {
            long rttMicros = (Long) leg.get("round-trip time");
            assertTrue(rttMicros >= 99_000 && rttMicros < 300_000, "RTT in µs, about the 100 ms simulated: " + leg);
            assertTrue((Long) leg.get("reports sent") >= 1, leg.toString());
        }
        assertEquals(10L, aliceRtcp.get("packet loss"), "26/256 as %: " + aliceRtcp);
        assertEquals(10L, aliceRtcp.get("jitter"), "480 at 48 kHz in ms: " + aliceRtcp);
        assertEquals(0L, bobRtcp.get("packet loss"), bobRtcp.toString());
        assertEquals(0L, bobRtcp.get("jitter"), bobRtcp.toString());
        long aliceMos = (Long) aliceRtcp.get("MOS");
        long bobMos = (Long) bobRtcp.get("MOS");
        // MOS x10 as Kamailio reads it; G.107: a clean G.711 leg with 50 ms one way rates above 4.0
        assertTrue(bobMos >= 40 && bobMos <= 45, "clean PCMU leg: " + bobRtcp);
        assertTrue(aliceMos >= 10 && aliceMos < bobMos, "10 % loss rates lower: " + aliceRtcp);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstMedia(Map<String, Object> query, String tag) {
        Map<String, Object> tags = (Map<String, Object>) query.get("tags");
        assertNotNull(tags, query.toString());
        Map<String, Object> t = (Map<String, Object>) tags.get(tag);
        assertNotNull(t, "no tag " + tag + " in " + query);
        List<Object> medias = (List<Object>) t.get("medias");
        return (Map<String, Object>) medias.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rtcpOf(Map<String, Object> query, String tag) {
        return (Map<String, Object>) firstMedia(query, tag).get("rtcp");
    }
}
