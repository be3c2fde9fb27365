package org.rtcsip.sidecar.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 7587 §6.1 fmtp parameters: reading what peers send, writing what we mean, and the encoder settings. */
class OpusParametersTest {
    @Test
    void readsChromiumsOpusFmtp() {
        // As in the Chromium offers under shared/fixtures.
        OpusParameters p = OpusParameters.parse("minptime=10;useinbandfec=1");
        assertEquals(10, p.minPtime());
        assertTrue(p.useInbandFec());
        assertFalse(p.useDtx());
        assertFalse(p.stereo());
        assertEquals(48000, p.maxPlaybackRate());
        assertEquals(0, p.maxAverageBitrate());
        assertEquals("minptime=10;useinbandfec=1", p.toFmtp());
    }

    @Test
    void readsEveryParameterOfRfc7587() {
        OpusParameters p = OpusParameters.parse("maxplaybackrate=16000; sprop-maxcapturerate=8000;"
                + " maxaveragebitrate=20000;stereo=1;sprop-stereo=1;cbr=1;useinbandfec=1;usedtx=1;minptime=10;"
                + "ptime=40;maxptime=60");
        assertEquals(new OpusParameters(16000, 8000, 20000, true, true, true, true, true, 10, 40, 60), p);
        assertEquals("minptime=10;maxplaybackrate=16000;sprop-maxcapturerate=8000;maxaveragebitrate=20000;stereo=1;"
                + "sprop-stereo=1;cbr=1;useinbandfec=1;usedtx=1", p.toFmtp());
    }

    @Test
    void writingThenReadingGivesTheSameParametersLessPtimeWhichGoesToItsOwnAttribute() {
        OpusParameters p = new OpusParameters(8000, 48000, 24000, false, false, false, true, false, 20, 0, 0);
        assertEquals(p, OpusParameters.parse(p.toFmtp()));
        assertEquals("", OpusParameters.DEFAULTS.toFmtp());
        assertEquals(OpusParameters.DEFAULTS, OpusParameters.parse(""));
        assertEquals(OpusParameters.DEFAULTS, OpusParameters.parse(null));
        assertEquals(0, OpusParameters.parse(new OpusParameters(48000, 48000, 0, false, false, false, false, false,
                0, 20, 120).toFmtp()).ptime());
    }

    @Test
    void namesAreCaseInsensitiveAndUnknownOnesAreIgnored() {
        List<String> warnings = new ArrayList<>();
        OpusParameters p = OpusParameters.parse("UseInbandFEC=1;x-google-min-bitrate=30;;  ;MAXPLAYBACKRATE=8000",
                warnings::add);
        assertTrue(p.useInbandFec());
        assertEquals(8000, p.maxPlaybackRate());
        assertEquals(List.of(), warnings);
    }

    @Test
    void namesTheReasonForEachOddValueAndKeepsTheDefault() {
        String[][] cases = {
            {"useinbandfec=yes", "opus fmtp useinbandfec=yes: not 0 or 1, ignored"},
            {"usedtx=2", "opus fmtp usedtx=2: not 0 or 1, ignored"},
            {"maxaveragebitrate=abc", "opus fmtp maxaveragebitrate=abc: not a decimal integer, ignored"},
            {"maxaveragebitrate=-6000", "opus fmtp maxaveragebitrate=-6000: not a decimal integer, ignored"},
            {"maxaveragebitrate=1000", "opus fmtp maxaveragebitrate=1000: outside 6000-510000, ignored"},
            {"maxaveragebitrate=99999999999", "opus fmtp maxaveragebitrate=99999999999: not a decimal integer, ignored"},
            {"minptime=0", "opus fmtp minptime=0: outside 3-120, ignored"},
            {"ptime=", "opus fmtp ptime=: not a decimal integer, ignored"},
            {"stereo", "opus fmtp stereo: no value"},
            {"maxplaybackrate=96000", "opus fmtp maxplaybackrate=96000: outside 8000-48000, using 48000"},
            {"sprop-maxcapturerate=4000", "opus fmtp sprop-maxcapturerate=4000: outside 8000-48000, using 8000"},
        };
        for (String[] c : cases) {
            List<String> warnings = new ArrayList<>();
            OpusParameters p = OpusParameters.parse(c[0], warnings::add);
            assertEquals(List.of(c[1]), warnings, c[0]);
            if (!c[0].contains("rate=")) {
                assertEquals(OpusParameters.DEFAULTS, p, c[0] + " keeps the defaults");
            }
        }
        assertEquals(48000, OpusParameters.parse("maxplaybackrate=96000").maxPlaybackRate());
        assertEquals(8000, OpusParameters.parse("sprop-maxcapturerate=4000").spropMaxCaptureRate());
    }

    @Test
    void randomFmtpTextNeverThrows() {
        Random random = new Random(4855);
        String alphabet = "=;; 01abcdefimnoprstuvxy-9";
        String[] names = {"useinbandfec", "usedtx", "maxaveragebitrate", "maxplaybackrate", "minptime", "stereo"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int parts = random.nextInt(5);
            for (int k = 0; k < parts; k++) {
                if (random.nextBoolean()) {
                    s.append(names[random.nextInt(names.length)]);
                }
                int len = random.nextInt(12);
                for (int j = 0; j < len; j++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            OpusParameters p = OpusParameters.parse(s.toString(), w -> { });
            assertTrue(p.maxPlaybackRate() >= 8000 && p.maxPlaybackRate() <= 48000, s.toString());
            OpusParameters.parse(p.toFmtp());
        }
    }

    @Test
    void encoderSettingsFollowWhatTheReceiverAskedFor() {
        OpusEncoderSettings base = OpusEncoderSettings.defaults();
        OpusEncoderSettings toChrome = base.toward(OpusParameters.parse("minptime=10;useinbandfec=1"));
        assertTrue(toChrome.inbandFec());
        assertEquals(OpusEncoderSettings.DEFAULT_PACKET_LOSS_PERCENT, toChrome.packetLossPercent(),
                "FEC needs a planned loss above 0 to be coded at all");
        assertEquals(base.bitrate(), toChrome.bitrate());

        OpusEncoderSettings capped = base.toward(OpusParameters.parse("maxaveragebitrate=12000;usedtx=1;cbr=1"));
        assertEquals(12000, capped.bitrate());
        assertTrue(capped.dtx());
        assertTrue(capped.cbr());
        assertFalse(capped.inbandFec());

        assertEquals(24000, base.toward(OpusParameters.parse("maxaveragebitrate=64000")).bitrate(),
                "a cap above our bitrate does not raise it");
        assertEquals(5, base.toward(OpusParameters.DEFAULTS).complexity());
    }

    @Test
    void encoderSettingsRefuseValuesOutsideTheirRanges() {
        assertEquals("opus bitrate 5000 bit/s: outside 6000-510000",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> OpusEncoderSettings.defaults().withBitrate(5000)).getMessage());
        assertEquals("opus complexity 11: outside 0-10",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> OpusEncoderSettings.defaults().withComplexity(11)).getMessage());
        assertEquals("opus packet loss 101 %: outside 0-100",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> OpusEncoderSettings.defaults().withFec(true, 101)).getMessage());
    }
}
