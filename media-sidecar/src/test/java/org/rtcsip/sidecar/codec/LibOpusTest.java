package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

import org.rtcsip.sidecar.testing.LogCapture;
import org.rtcsip.testbed.audio.SignalMetrics;

/**
 * What only the native backend has to prove: it loads, the settings reach libopus, native state is freed (by close
 * and, for forgotten codecs, by the Cleaner), it interoperates with Concentus both ways, and it decodes browsers'
 * hybrid packets at 8 kHz where Concentus gives silence. The backend selection ({@code opus-backend}) is tested
 * here too. libopus must be installed: nothing here is skipped without it.
 */
class LibOpusTest {
    private static final int RATE = 8000;
    private static final int FRAME = 160;

    @Test
    void libopusLoadsAndNamesItsVersion() {
        assertEquals(java.util.Optional.empty(), OpusCodecs.libopusProblem(),
                "libopus must be installed for these tests (apt-get install libopus0)");
        OpusCodecs libopus = OpusCodecs.libopus();
        assertEquals(OpusBackend.LIBOPUS, libopus.backend());
        assertTrue(libopus.version().matches("libopus \\d+\\.\\d+.*"), libopus.version());
    }

    @Test
    void everySettingReachesTheNativeEncoder() {
        OpusEncoderSettings settings = new OpusEncoderSettings(16000, 9, true, true, 15, true);
        try (LibOpusEncoder encoder = new LibOpusEncoder(settings)) {
            assertEquals(16000, encoder.setting(LibOpus.OPUS_GET_BITRATE_REQUEST));
            assertEquals(9, encoder.setting(LibOpus.OPUS_GET_COMPLEXITY_REQUEST));
            assertEquals(1, encoder.setting(LibOpus.OPUS_GET_INBAND_FEC_REQUEST));
            assertEquals(15, encoder.setting(LibOpus.OPUS_GET_PACKET_LOSS_PERC_REQUEST));
            assertEquals(1, encoder.setting(LibOpus.OPUS_GET_DTX_REQUEST));
            assertEquals(0, encoder.setting(LibOpus.OPUS_GET_VBR_REQUEST), "cbr");

            OpusEncoderSettings lossy = OpusEncoderSettings.defaults().withFec(true, 20).withBitrate(12000);
            encoder.apply(lossy);
            assertEquals(lossy, encoder.settings());
            assertEquals(12000, encoder.setting(LibOpus.OPUS_GET_BITRATE_REQUEST));
            assertEquals(5, encoder.setting(LibOpus.OPUS_GET_COMPLEXITY_REQUEST));
            assertEquals(20, encoder.setting(LibOpus.OPUS_GET_PACKET_LOSS_PERC_REQUEST));
            assertEquals(0, encoder.setting(LibOpus.OPUS_GET_DTX_REQUEST));
            assertEquals(1, encoder.setting(LibOpus.OPUS_GET_VBR_REQUEST));
            encoder.reset();
            assertEquals(lossy, encoder.settings(), "reset keeps the settings");
            assertEquals(12000, encoder.setting(LibOpus.OPUS_GET_BITRATE_REQUEST), "in libopus too");
        }
    }

    @Test
    void aClosedCodecAnswersInternalErrorInsteadOfTouchingFreedMemory() {
        LibOpusDecoder decoder = new LibOpusDecoder(RATE);
        LibOpusEncoder encoder = new LibOpusEncoder(OpusEncoderSettings.defaults());
        byte[] out = new byte[1500];
        int len = encoder.encode(new short[FRAME], 0, FRAME, out, 0, out.length);
        assertTrue(len > 0);
        decoder.close();
        decoder.close();
        encoder.close();
        encoder.close();
        short[] pcm = new short[960];
        assertEquals(CodecError.INTERNAL_ERROR, decoder.decode(out, 0, len, pcm, 0));
        assertEquals(CodecError.INTERNAL_ERROR, decoder.decodeLost(FRAME, pcm, 0));
        assertEquals(CodecError.INTERNAL_ERROR, decoder.decodeFec(out, 0, len, FRAME, pcm, 0));
        assertEquals(CodecError.INTERNAL_ERROR, encoder.encode(new short[FRAME], 0, FRAME, out, 0, out.length));
        decoder.reset();
        encoder.reset();
    }

    @Test
    void refusesAPayloadLongerThanAnyOpusPacketAsCorrupt() {
        try (LibOpusDecoder decoder = new LibOpusDecoder(RATE)) {
            byte[] huge = new byte[LibOpusDecoder.MAX_PAYLOAD + 1];
            huge[0] = (byte) 0x08; // SILK NB 20 ms, one frame: the header alone is fine
            assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decode(huge, 0, huge.length, new short[960], 0));
            assertEquals(CodecError.CORRUPT_PAYLOAD, decoder.decodeFec(huge, 0, huge.length, FRAME, new short[960], 0));
        }
    }

    /**
     * 10000 decoder/encoder pairs made and closed: every native state is destroyed and the process's resident
     * memory stays flat. Leaked, they would hold about 10000 x (decoder + encoder state + buffers), over 400 MB.
     */
    @Test
    void creatingAndClosingTenThousandCodecsDoesNotGrowNativeMemory() throws IOException {
        int before = LibOpus.LIVE_STATES.get();
        short[] pcm = new SyntheticVoice(RATE, 8000, 5).next(FRAME);
        byte[] out = new byte[1500];
        short[] decoded = new short[960];
        Runnable pair = () -> {
            LibOpusEncoder encoder = new LibOpusEncoder(OpusEncoderSettings.defaults());
            LibOpusDecoder decoder = new LibOpusDecoder(RATE);
            int len = encoder.encode(pcm, 0, FRAME, out, 0, out.length);
            assertEquals(FRAME, decoder.decode(out, 0, len, decoded, 0));
            encoder.close();
            decoder.close();
        };
        for (int i = 0; i < 1000; i++) {
            pair.run();
        }
        System.gc();
        long rssBefore = residentBytes();
        int pairs = 10_000;
        for (int i = 0; i < pairs; i++) {
            pair.run();
        }
        System.gc();
        long rssAfter = residentBytes();
        assertEquals(before, LibOpus.LIVE_STATES.get(), "every native state created was destroyed");

        long leakedIfNotFreed = (long) pairs * (LibOpus.opus_decoder_get_size(1) + LibOpus.opus_encoder_get_size(1)
                + LibOpusDecoder.MAX_PAYLOAD + 2 * 960 + 2 * 480 + LibOpusEncoder.MAX_PACKET);
        System.out.printf("libopus %d codec pairs made and closed: resident memory %+d KB (leaked it would be %d KB)%n",
                pairs, (rssAfter - rssBefore) / 1024, leakedIfNotFreed / 1024);
        assertTrue(rssAfter - rssBefore < leakedIfNotFreed / 10,
                "resident memory grew " + (rssAfter - rssBefore) / 1024 + " KB over " + pairs + " closed codec pairs");
    }

    /** The Cleaner frees the state of codecs dropped without close(), once the garbage collector finds them. */
    @Test
    void forgottenCodecsAreFreedByTheCleaner() throws InterruptedException {
        int before = LibOpus.LIVE_STATES.get();
        for (int i = 0; i < 200; i++) {
            new LibOpusDecoder(RATE);
            new LibOpusEncoder(OpusEncoderSettings.defaults());
        }
        assertTrue(LibOpus.LIVE_STATES.get() >= before + 400, "400 states alive before the collector runs");
        for (int attempt = 0; attempt < 100 && LibOpus.LIVE_STATES.get() > before; attempt++) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(before, LibOpus.LIVE_STATES.get(), "the Cleaner destroyed every forgotten state");
    }

    @Test
    void libopusDecodesConcentusPacketsAndConcentusDecodesLibopusPackets() {
        for (double frequency : new double[] {440, 1000}) {
            short[] input = ToneGenerator.sine(frequency, 8000, RATE, 2 * RATE);
            OpusCodecs concentus = OpusCodecs.concentus();
            OpusCodecs libopus = OpusCodecs.libopus();
            double libopusFromConcentus = toneSnr(concentus.encoder(OpusEncoderSettings.defaults()),
                    libopus.decoder(RATE), input, frequency);
            double concentusFromLibopus = toneSnr(libopus.encoder(OpusEncoderSettings.defaults()),
                    concentus.decoder(RATE), input, frequency);
            System.out.printf("cross-decode %.0f Hz: concentus -> libopus SNR %.1f dB, libopus -> concentus %.1f dB%n",
                    frequency, libopusFromConcentus, concentusFromLibopus);
            assertTrue(libopusFromConcentus > 20, "libopus decoding Concentus: SNR " + libopusFromConcentus + " dB");
            assertTrue(concentusFromLibopus > 20, "Concentus decoding libopus: SNR " + concentusFromLibopus + " dB");
        }
    }

    /**
     * A browser sends speech at 32 kbit/s as hybrid packets (SILK + CELT, fullband, TOC configurations 14-15).
     * libopus decodes them straight to 8 kHz; Concentus 1.0.2 gives silence at 8 kHz (which is why the Concentus
     * decoder runs at 48 kHz and decimates). Measured: libopus at 8 kHz SNR about 30 dB at 1 kHz, the bare Concentus
     * decoder at 8 kHz an output level near zero (printed, not asserted: it is Concentus's bug, not ours).
     */
    @Test
    void decodesBrowserHybridPacketsStraightTo8kHz() throws OpusException {
        OpusEncoder browser = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        browser.setBitrate(32000);
        browser.setBandwidth(OpusBandwidth.OPUS_BANDWIDTH_FULLBAND);
        ToneGenerator tone = new ToneGenerator(1000, 8000, 48000);
        int packets = 100;
        List<byte[]> hybrid = new ArrayList<>();
        byte[] out = new byte[1500];
        for (int i = 0; i < packets; i++) {
            int n = browser.encode(tone.next(960), 0, 960, out, 0, out.length);
            int config = (out[0] & 0xFF) >> 3;
            assertTrue(config == 14 || config == 15, "packet " + i + " is hybrid fullband, TOC config " + config);
            hybrid.add(java.util.Arrays.copyOf(out, n));
        }
        short[] libopusOut = new short[packets * FRAME];
        short[] bareConcentusOut = new short[packets * FRAME];
        OpusDecoder bareConcentus = new OpusDecoder(RATE, 1);
        try (LibOpusDecoder decoder = new LibOpusDecoder(RATE)) {
            for (int i = 0; i < packets; i++) {
                byte[] p = hybrid.get(i);
                assertEquals(FRAME, decoder.decode(p, 0, p.length, libopusOut, i * FRAME));
                bareConcentus.decode(p, 0, p.length, bareConcentusOut, i * FRAME, FRAME, false);
            }
        }
        int from = RATE / 2;
        int n = libopusOut.length - from;
        double snr = SignalMetrics.snrDb(libopusOut, from, n, 1000, RATE);
        double amplitude = SignalMetrics.fittedAmplitude(libopusOut, from, n, 1000, RATE);
        System.out.printf("hybrid fullband at 8 kHz: libopus SNR %.1f dB amplitude %.0f; bare Concentus rms %.0f%n",
                snr, amplitude, SignalMetrics.rms(bareConcentusOut, from, n));
        assertTrue(snr > 20, "libopus hybrid at 8 kHz: SNR " + snr + " dB");
        assertEquals(8000, amplitude, 8000 * 0.12, "level within 1 dB");
        assertEquals(1000, SignalMetrics.dominantFrequency(libopusOut, from, n, RATE, 50, 3950), 1.0);
    }

    @Test
    void theReasonLibopusDidNotLoadIsOneLineNamingEachPlaceTried() {
        UnsatisfiedLinkError jna = new UnsatisfiedLinkError("Unable to load library 'opus':\n"
                + "libopus.so: cannot open shared object file: No such file or directory\n"
                + "libopus.so: cannot open shared object file: No such file or directory\n"
                + "/usr/lib/x86_64-linux-gnu/libopus.so.0.8.0: file too short\n"
                + "Native library (linux-x86-64/libopus.so) not found in resource path (/opt/media-sidecar.jar)");
        assertEquals("Unable to load library 'opus': libopus.so: cannot open shared object file: No such file or"
                + " directory; /usr/lib/x86_64-linux-gnu/libopus.so.0.8.0: file too short", LibOpus.reason(jna));
        assertEquals("java.lang.UnsatisfiedLinkError", LibOpus.reason(new UnsatisfiedLinkError()));
    }

    @Test
    void autoTakesLibopusWhenItLoadsAndLogsItsVersion() {
        List<LogRecord> log = new ArrayList<>();
        OpusCodecs chosen = OpusCodecs.select(OpusBackend.AUTO, null, "libopus 9.9.1-test", capture(log));
        assertEquals(OpusBackend.LIBOPUS, chosen.backend());
        assertEquals("libopus 9.9.1-test", chosen.version());
        assertEquals(1, log.size());
        assertEquals(Level.INFO, log.get(0).getLevel());
        assertEquals("opus backend: libopus 9.9.1-test (opus-backend = auto)", log.get(0).getMessage());
        OpusCodecs.select(OpusBackend.AUTO, null, "libopus 9.9.1-test", capture(log));
        assertEquals(1, log.size(), "the same choice is logged once per process");
    }

    @Test
    void autoFallsBackToConcentusWithAWarningSayingHowToGetLibopus() {
        List<LogRecord> log = new ArrayList<>();
        OpusCodecs chosen = OpusCodecs.select(OpusBackend.AUTO, "Unable to load library 'opus' (test 1)", null,
                capture(log));
        assertEquals(OpusBackend.CONCENTUS, chosen.backend());
        assertEquals(1, log.size());
        assertEquals(Level.WARNING, log.get(0).getLevel());
        assertEquals("opus backend: concentus 1.0.2, the slower pure-Java fallback: libopus cannot be loaded"
                + " (Unable to load library 'opus' (test 1)); install it (Debian/Ubuntu: apt-get install libopus0)",
                log.get(0).getMessage());
    }

    @Test
    void libopusRequestedButMissingIsAnErrorNamingTheReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpusCodecs.select(
                OpusBackend.LIBOPUS, "Unable to load library 'opus' (test 2)", null, capture(new ArrayList<>())));
        assertEquals("libopus cannot be loaded (Unable to load library 'opus' (test 2)); install it (Debian/Ubuntu:"
                + " apt-get install libopus0)", e.getMessage());
    }

    @Test
    void concentusRequestedIsConcentusEvenWithLibopusInstalled() {
        OpusCodecs chosen = OpusCodecs.select(OpusBackend.CONCENTUS, null, "libopus 9.9.2-test",
                capture(new ArrayList<>()));
        assertEquals(OpusBackend.CONCENTUS, chosen.backend());
        try (AudioDecoder decoder = chosen.decoder(RATE)) {
            assertTrue(decoder instanceof ConcentusOpusDecoder, decoder.getClass().getName());
        }
        try (AudioDecoder decoder = OpusCodecs.select(OpusBackend.LIBOPUS).decoder(RATE)) {
            assertTrue(decoder instanceof LibOpusDecoder, decoder.getClass().getName());
        }
    }

    private static double toneSnr(AudioEncoder encoder, AudioDecoder decoder, short[] input, double frequency) {
        short[] output = new short[input.length];
        byte[] packet = new byte[1500];
        for (int off = 0; off + FRAME <= input.length; off += FRAME) {
            int len = encoder.encode(input, off, FRAME, packet, 0, packet.length);
            assertTrue(len > 0, CodecError.label(len));
            assertEquals(FRAME, decoder.decode(packet, 0, len, output, off));
        }
        encoder.close();
        decoder.close();
        int from = RATE / 2;
        return SignalMetrics.snrDb(output, from, output.length - from, frequency, RATE);
    }

    private static Logger capture(List<LogRecord> records) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new LogCapture(r -> records.add(r)));
        return logger;
    }

    /** VmRSS from /proc/self/status (Linux, where CI runs). */
    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
