package org.rtcsip.sidecar.codec;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The Opus media type parameters of RFC 7587 §6.1, as found in an SDP {@code a=fmtp} value. They describe what the
 * SDP's author prefers to receive (and, for the {@code sprop-} ones, what it sends). Zero for an integer means
 * "not given".
 *
 * @param maxPlaybackRate     Hz the receiver renders at most (default 48000)
 * @param spropMaxCaptureRate Hz the sender captures at most (default 48000)
 * @param maxAverageBitrate   bit/s the receiver wants at most, 6000-510000; 0 = not given
 * @param stereo              the receiver prefers stereo (default false)
 * @param spropStereo         the sender is likely to send stereo (default false)
 * @param cbr                 the receiver prefers constant bitrate (default false)
 * @param useInbandFec        the receiver can use in-band FEC (default false)
 * @param useDtx              the receiver prefers DTX (default false)
 * @param minPtime            ms, shortest packet the receiver wants; 0 = not given
 * @param ptime               ms; belongs in {@code a=ptime} (RFC 7587 §6.2), read here when a peer puts it in fmtp
 * @param maxPtime            ms; belongs in {@code a=maxptime}, read here likewise
 */
public record OpusParameters(
        int maxPlaybackRate, int spropMaxCaptureRate, int maxAverageBitrate, boolean stereo, boolean spropStereo,
        boolean cbr, boolean useInbandFec, boolean useDtx, int minPtime, int ptime, int maxPtime) {
    public static final int DEFAULT_RATE = 48000;
    /** No parameters at all: what an {@code opus/48000/2} line without fmtp means. */
    public static final OpusParameters DEFAULTS =
            new OpusParameters(DEFAULT_RATE, DEFAULT_RATE, 0, false, false, false, false, false, 0, 0, 0);

    /** {@link #parse(String, Consumer)} dropping the warnings. */
    public static OpusParameters parse(String fmtp) {
        return parse(fmtp, warning -> { });
    }

    /**
     * Reads an fmtp value such as {@code minptime=10;useinbandfec=1}. Never throws: peers send odd fmtp lines and
     * an odd parameter is no reason to fail a call. Parameter names are case-insensitive (RFC 6838 §4.3); unknown
     * ones are ignored; a known one with a malformed or out-of-range value keeps its default
     * and is reported to {@code warnings} with a reason such as {@code opus fmtp useinbandfec=yes: not 0 or 1}.
     * Rates outside 8000-48000 Hz are clamped into it, with a warning.
     */
    public static OpusParameters parse(String fmtp, Consumer<String> warnings) {
        int maxPlaybackRate = DEFAULT_RATE;
        int spropMaxCaptureRate = DEFAULT_RATE;
        int maxAverageBitrate = 0;
        boolean stereo = false;
        boolean spropStereo = false;
        boolean cbr = false;
        boolean fec = false;
        boolean dtx = false;
        int minPtime = 0;
        int ptime = 0;
        int maxPtime = 0;
        if (fmtp == null) {
            return DEFAULTS;
        }
        for (String part : fmtp.split(";")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                warnings.accept("opus fmtp " + item + ": no value");
                continue;
            }
            String name = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).trim();
            switch (name) {
                case "maxplaybackrate" -> maxPlaybackRate = rate(name, value, maxPlaybackRate, warnings);
                case "sprop-maxcapturerate" -> spropMaxCaptureRate = rate(name, value, spropMaxCaptureRate, warnings);
                case "maxaveragebitrate" -> maxAverageBitrate = bounded(name, value, 6000, 510000, maxAverageBitrate,
                        warnings);
                case "stereo" -> stereo = flag(name, value, stereo, warnings);
                case "sprop-stereo" -> spropStereo = flag(name, value, spropStereo, warnings);
                case "cbr" -> cbr = flag(name, value, cbr, warnings);
                case "useinbandfec" -> fec = flag(name, value, fec, warnings);
                case "usedtx" -> dtx = flag(name, value, dtx, warnings);
                // RFC 6716 §2.1.4: packets last 2.5 to 120 ms; fmtp carries whole milliseconds.
                case "minptime" -> minPtime = bounded(name, value, 3, 120, minPtime, warnings);
                case "ptime" -> ptime = bounded(name, value, 3, 120, ptime, warnings);
                case "maxptime" -> maxPtime = bounded(name, value, 3, 120, maxPtime, warnings);
                default -> {
                    // Parameters of later extensions, or of other codecs pasted in: not ours to judge.
                }
            }
        }
        return new OpusParameters(maxPlaybackRate, spropMaxCaptureRate, maxAverageBitrate, stereo, spropStereo, cbr,
                fec, dtx, minPtime, ptime, maxPtime);
    }

    /**
     * The fmtp value that states these parameters, defaults left out, in a fixed order starting with
     * {@code minptime} as browsers write it; {@code ptime} and {@code maxptime} are left out too, as they go in
     * {@code a=ptime}/{@code a=maxptime} (RFC 7587 §6.2). Empty when everything is default.
     */
    public String toFmtp() {
        StringBuilder s = new StringBuilder();
        if (minPtime > 0) {
            append(s, "minptime", minPtime);
        }
        if (maxPlaybackRate != DEFAULT_RATE) {
            append(s, "maxplaybackrate", maxPlaybackRate);
        }
        if (spropMaxCaptureRate != DEFAULT_RATE) {
            append(s, "sprop-maxcapturerate", spropMaxCaptureRate);
        }
        if (maxAverageBitrate > 0) {
            append(s, "maxaveragebitrate", maxAverageBitrate);
        }
        if (stereo) {
            append(s, "stereo", 1);
        }
        if (spropStereo) {
            append(s, "sprop-stereo", 1);
        }
        if (cbr) {
            append(s, "cbr", 1);
        }
        if (useInbandFec) {
            append(s, "useinbandfec", 1);
        }
        if (useDtx) {
            append(s, "usedtx", 1);
        }
        return s.toString();
    }

    public OpusParameters withMaxPlaybackRate(int hz) {
        return new OpusParameters(hz, spropMaxCaptureRate, maxAverageBitrate, stereo, spropStereo, cbr, useInbandFec,
                useDtx, minPtime, ptime, maxPtime);
    }

    public OpusParameters withInbandFec(boolean fec) {
        return new OpusParameters(maxPlaybackRate, spropMaxCaptureRate, maxAverageBitrate, stereo, spropStereo, cbr,
                fec, useDtx, minPtime, ptime, maxPtime);
    }

    private static void append(StringBuilder s, String name, int value) {
        if (s.length() > 0) {
            s.append(';');
        }
        s.append(name).append('=').append(value);
    }

    private static int rate(String name, String value, int fallback, Consumer<String> warnings) {
        Integer hz = integer(name, value, warnings);
        if (hz == null) {
            return fallback;
        }
        if (hz < 8000 || hz > 48000) {
            int clamped = Math.max(8000, Math.min(48000, hz));
            warnings.accept("opus fmtp " + name + "=" + value + ": outside 8000-48000, using " + clamped);
            return clamped;
        }
        return hz;
    }

    private static int bounded(String name, String value, int min, int max, int fallback, Consumer<String> warnings) {
        Integer v = integer(name, value, warnings);
        if (v == null) {
            return fallback;
        }
        if (v < min || v > max) {
            warnings.accept("opus fmtp " + name + "=" + value + ": outside " + min + "-" + max + ", ignored");
            return fallback;
        }
        return v;
    }

    private static boolean flag(String name, String value, boolean fallback, Consumer<String> warnings) {
        if (value.equals("1")) {
            return true;
        }
        if (value.equals("0")) {
            return false;
        }
        warnings.accept("opus fmtp " + name + "=" + value + ": not 0 or 1, ignored");
        return fallback;
    }

    private static Integer integer(String name, String value, Consumer<String> warnings) {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            warnings.accept("opus fmtp " + name + "=" + value + ": not a decimal integer, ignored");
            return null;
        }
        return Integer.parseInt(value);
    }
}
