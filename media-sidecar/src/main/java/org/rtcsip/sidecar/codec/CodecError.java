package org.rtcsip.sidecar.codec;

/**
 * The negative results of {@link AudioDecoder} and {@link AudioEncoder} methods: each returns a sample or byte
 * count (zero or more) or one of these codes, never throws on the packet path. {@link #label} gives the reason
 * label for drop counters.
 */
public final class CodecError {
    /** The decoder refused the payload: truncated, bad Opus TOC/frame lengths, or otherwise corrupt. */
    public static final int CORRUPT_PAYLOAD = -1;
    /** The output array (from the given offset) cannot hold the samples or bytes this call produces. */
    public static final int BUFFER_TOO_SMALL = -2;
    /** The codec has no such feature (FEC on G.711). */
    public static final int UNSUPPORTED = -3;
    /** A sample count the codec cannot code: not a whole Opus frame (2.5, 5, 10, 20, 40 or 60 ms), or <= 0. */
    public static final int BAD_FRAME_SIZE = -4;
    /** The codec library failed on input that passed our checks: a bug to report, counted rather than thrown. */
    public static final int INTERNAL_ERROR = -5;

    private static final String[] LABELS = {
        "ok", "codec_corrupt_payload", "codec_buffer_too_small", "codec_unsupported", "codec_bad_frame_size",
        "codec_internal_error",
    };

    private CodecError() {
    }

    /** True if {@code result} is one of the codes above rather than a count. */
    public static boolean isError(int result) {
        return result < 0;
    }

    /** The metrics label of a code, e.g. {@code codec_corrupt_payload}; {@code ok} for a count. */
    public static String label(int result) {
        if (result >= 0) {
            return LABELS[0];
        }
        return -result < LABELS.length ? LABELS[-result] : "codec_unknown_error";
    }
}
