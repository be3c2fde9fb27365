package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.it.TranscodingSignals.Heard;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusMode;
import org.rtcsip.sidecar.it.TranscodingSignals.OpusSender;
import org.rtcsip.sidecar.it.TranscodingSignals.PcmuSender;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.testing.RtpParty;
import org.rtcsip.sidecar.testing.TestSidecar;
import org.rtcsip.testbed.ffmpeg.FfmpegProcess.Libopus;
import org.rtcsip.testbed.ffmpeg.FfmpegProcess;
import org.rtcsip.testbed.ffmpeg.Wav;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ports.FreePorts;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.sdp.AudioEndpoint;

/**
 * An independent codec implementation agrees with the sidecar: ffmpeg 5.1 (libopus to encode, its own Opus and
 * G.711 decoders) sends Opus RTP made from a generated sine into the sidecar's browser-side port, and receives the
 * sidecar's Opus and PCMU output from SDP files into WAV files, which the test checks by frequency and SNR. The
 * sidecar runs in-process, set up over ng with Kamailio's {@code codec-mask-opus transcode-PCMU}; everything stays
 * on loopback and every ffmpeg run is bounded ({@code -t}, killed after a timeout).
 *
 * <p>Thresholds, measured (ffmpeg's sine is at -18 dBFS, the test's tones at -12 dBFS): libopus -> sidecar -> PCMU
 * 22.6 dB SNR for SILK, 22.0 dB for CELT, 20.4 dB for the mode-switching VOIP encoder (asked: 16 dB); the
 * sidecar's Opus (from a 440 Hz PCMU tone) -> ffmpeg's Opus decoder 20.3 dB (asked: 15 dB); the sidecar's PCMU
 * (from Concentus SILK) -> ffmpeg's G.711 decoder 31.2 dB (asked: 20 dB). Frequencies within 1 Hz (measured:
 * exact to 0.1 Hz). No 20 ms frame after the first two may lose the tone (more than 10 dB down).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FfmpegTranscodingIntegrationTest {
    static final double MAX_FREQUENCY_ERROR_HZ = 1.0;
    static final double MIN_SNR_FFMPEG_OPUS_TO_PCMU_DB = 16;
    static final double MIN_SNR_OPUS_TO_FFMPEG_DB = 15;
    static final double MIN_SNR_PCMU_TO_FFMPEG_DB = 20;
    static final int SKIP_MILLIS = 200;
    /** Every 20 ms frame after the first two (the decoder's warm-up) must carry the tone within 10 dB. */
    static final int HOLE_CHECK_FROM_MILLIS = 40;
    static final double MIN_FRAME_LEVEL_DB = -10;
    static final Duration FFMPEG_TIMEOUT = Duration.ofSeconds(15);

    private TestSidecar sc;
    private NgClient ng;
    private Path dir;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Programs.ffmpeg(); // fails, naming the package, when ffmpeg is missing
        sc = new TestSidecar();
        ng = sc.ngClient();
        dir = Files.createTempDirectory("ffmpeg-it-");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        ng.close();
        sc.close();
    }

    /** Offers the browser's Opus on {@code browserPort} with the trunk flags, answers PCMU on {@code trunkPort}. */
    private record Ports(int browserFacing, int trunkFacing) {
    }

    private Ports transcodedCall(String callId, int browserPort, int trunkPort) throws IOException {
        Map<String, Object> o = ng.exchange(dict("sdp", TranscodingSignals.browserSdp(browserPort),
                "replace", List.of("origin", "session-connection"), "call-id", callId,
                "codec", dict("mask", List.of("opus"), "transcode", List.of("PCMU")),
                "from-tag", "browser", "command", "offer"));
        assertEquals("ok", o.get("result"), o.toString());
        Map<String, Object> a = ng.exchange(dict("sdp", TranscodingSignals.trunkSdp(trunkPort),
                "replace", List.of("origin", "session-connection"), "call-id", callId,
                "from-tag", "browser", "to-tag", "trunk", "command", "answer"));
        assertEquals("ok", a.get("result"), a.toString());
        return new Ports(AudioEndpoint.of((String) a.get("sdp")).port(),
                AudioEndpoint.of((String) o.get("sdp")).port());
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static String receiverSdp(int port, String rtpmap) {
        int pt = Integer.parseInt(rtpmap.substring(0, rtpmap.indexOf(' ')));
        return "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=ffmpeg\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + pt + "\r\na=rtpmap:" + rtpmap + "\r\n";
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closeLast.add(c);
        return c;
    }

    @ParameterizedTest
    @EnumSource(Libopus.class)
    void opusThatFfmpegEncodedFromASineReachesTheTrunkAsPcmuOfTheSameFrequency(Libopus settings) throws Exception {
        int ffmpegPort = FreePorts.udpBlock(2);
        RtpParty trunk = closeLater(new RtpParty());
        trunk.rtp.setReceiveBufferSize(1 << 20);
        Ports ports = transcodedCall("ffmpeg-sends-" + settings, ffmpegPort, trunk.port());

        FfmpegProcess ffmpeg = closeLater(FfmpegProcess.sendOpusSine(Network.host(), dir.resolve("send"), 1000,
                settings, Duration.ofSeconds(3), ffmpegPort, local(ports.browserFacing()), 0x0FF0));
        List<byte[]> received = new ArrayList<>();
        trunk.rtp.setSoTimeout(200);
        long deadline = System.nanoTime() + FFMPEG_TIMEOUT.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline && (ffmpeg.isAlive() || quiet < 3)) {
            DatagramPacket p = RtpParty.receive(trunk.rtp);
            if (p == null) {
                quiet++;
            } else {
                quiet = 0;
                received.add(RtpParty.bytes(p));
            }
        }
        assertEquals(0, ffmpeg.awaitExit(Duration.ofSeconds(2)), ffmpeg.describe());
        // 3 s of 20 ms frames: 150, give or take libopus's priming and the first packet's latching
        assertTrue(received.size() >= 140 && received.size() <= 152, received.size() + " PCMU packets\n"
                + ffmpeg.describe());
        for (byte[] p : received) {
            assertEquals(TranscodingSignals.PCMU_PT, RtpHeader.payloadType(p, 0, p.length));
        }
        Heard heard = TranscodingSignals.listen(TranscodingSignals.decodePcmu(received), 8000, SKIP_MILLIS, 1000);
        short[] pcm = TranscodingSignals.decodePcmu(received);
        // the last frame is where ffmpeg's 3 s sine ends: not a hole
        TranscodingSignals.FrameLevels frames = TranscodingSignals.frameLevels(Arrays.copyOf(pcm, pcm.length - 160),
                8000, 1000, heard.amplitude(), HOLE_CHECK_FROM_MILLIS);
        System.out.printf("ffmpeg libopus %s 1 kHz -> sidecar -> PCMU: %s; weakest 20 ms frame from %d ms on: "
                + "%.1f dB%n", settings, heard, HOLE_CHECK_FROM_MILLIS, frames.weakest());
        assertEquals(1000, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard + "\n" + ffmpeg.describe());
        assertTrue(heard.snrDb() > MIN_SNR_FFMPEG_OPUS_TO_PCMU_DB, heard + "\n" + ffmpeg.describe());
        assertEquals("", frames.framesBelowList(MIN_FRAME_LEVEL_DB),
                "20 ms frames without the tone (holes), from " + HOLE_CHECK_FROM_MILLIS + " ms on; libopus opens the "
                        + "VOIP stream in hybrid mode (TOC config 15)");
    }

    @Test
    void opusTheSidecarMadeFromPcmuIsDecodedByFfmpegAtTheSameFrequency() throws Exception {
        int ffmpegPort = FreePorts.udpBlock(2);
        RtpParty trunk = closeLater(new RtpParty());
        Ports ports = transcodedCall("ffmpeg-receives-opus", ffmpegPort, trunk.port());
        FfmpegProcess ffmpeg = closeLater(FfmpegProcess.receiveToWav(Network.host(), dir.resolve("opus"),
                receiverSdp(ffmpegPort, "111 opus/48000/2"), ffmpegPort, 8000, Duration.ofSeconds(2)));

        PcmuSender tone = new PcmuSender(440, 0x7777, 1, 0);
        streamWhileAlive(ffmpeg, trunk, tone::next, ports.trunkFacing());
        assertEquals(0, ffmpeg.awaitExit(Duration.ofSeconds(5)), ffmpeg.describe());

        Wav wav = ffmpeg.wav();
        assertEquals(8000, wav.sampleRate());
        assertTrue(wav.samples().length >= 8000 * 19 / 10, wav.samples().length + " samples\n" + ffmpeg.describe());
        Heard heard = TranscodingSignals.listen(wav.samples(), 8000, SKIP_MILLIS, 440);
        System.out.println("PCMU 440 Hz -> sidecar Opus -> ffmpeg: " + heard);
        assertEquals(440, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard.toString());
        assertTrue(heard.snrDb() > MIN_SNR_OPUS_TO_FFMPEG_DB, heard.toString());
    }

    @Test
    void pcmuTheSidecarMadeFromOpusIsDecodedByFfmpegAtTheSameFrequency() throws Exception {
        int ffmpegPort = FreePorts.udpBlock(2);
        RtpParty browser = closeLater(new RtpParty());
        Ports ports = transcodedCall("ffmpeg-receives-pcmu", browser.port(), ffmpegPort);
        FfmpegProcess ffmpeg = closeLater(FfmpegProcess.receiveToWav(Network.host(), dir.resolve("pcmu"),
                receiverSdp(ffmpegPort, "0 PCMU/8000"), ffmpegPort, 8000, Duration.ofSeconds(2)));

        OpusSender tone = new OpusSender(1000, OpusMode.SILK_WIDEBAND, false, 0x5555, 1, 0);
        streamWhileAlive(ffmpeg, browser, tone::next, ports.browserFacing());
        assertEquals(0, ffmpeg.awaitExit(Duration.ofSeconds(5)), ffmpeg.describe());

        Wav wav = ffmpeg.wav();
        assertEquals(8000, wav.sampleRate());
        assertTrue(wav.samples().length >= 8000 * 19 / 10, wav.samples().length + " samples\n" + ffmpeg.describe());
        Heard heard = TranscodingSignals.listen(wav.samples(), 8000, SKIP_MILLIS, 1000);
        System.out.println("Opus 1 kHz -> sidecar PCMU -> ffmpeg: " + heard);
        assertEquals(1000, heard.frequency(), MAX_FREQUENCY_ERROR_HZ, heard.toString());
        assertTrue(heard.snrDb() > MIN_SNR_PCMU_TO_FFMPEG_DB, heard.toString());
    }

    /** Sends a packet every 20 ms until the receiving ffmpeg has its 2 s and exits (at most 5 s of packets). */
    private static void streamWhileAlive(FfmpegProcess receiver, RtpParty from,
            java.util.function.Supplier<byte[]> packets, int sidecarPort) throws Exception {
        long next = System.nanoTime();
        for (int i = 0; i < 250 && receiver.isAlive(); i++) {
            from.send(from.rtp, packets.get(), local(sidecarPort));
            next += TimeUnit.MILLISECONDS.toNanos(20);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }
}
