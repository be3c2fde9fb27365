package org.rtcsip.sidecar.codec;

/**
 * What an Opus packet's header says without decoding it (RFC 6716 §3.1-§3.2): its duration and whether its
 * first frame carries in-band FEC for the packet before it. Reads views {@code (b, off, len)}, never allocates or
 * throws; malformed packets give {@link CodecError#CORRUPT_PAYLOAD}.
 */
public final class OpusPacket {
    /** RFC 6716 §3.2.5: a packet holds at most 120 ms of audio. */
    public static final int MAX_DURATION_48K = 5760;

    private OpusPacket() {
    }

    /** RFC 6716 §3.1 Table 2: samples per frame at 48 kHz for TOC configuration {@code config}. */
    public static int frameSamples48k(int toc) {
        int config = (toc & 0xFF) >>> 3;
        if (config < 12) {
            // SILK-only: 10, 20, 40, 60 ms.
            return (config & 3) == 0 ? 480 : 960 * (config & 3);
        }
        if (config < 16) {
            // Hybrid: 10, 20 ms.
            return (config & 1) == 0 ? 480 : 960;
        }
        // CELT-only: 2.5, 5, 10, 20 ms.
        return 120 << (config & 3);
    }

    /**
     * The number of frames (RFC 6716 §3.2), or {@link CodecError#CORRUPT_PAYLOAD} for an empty packet, a code 3
     * packet without its frame-count byte or with M = 0, or more than 120 ms.
     */
    public static int frameCount(byte[] b, int off, int len) {
        if (!inBounds(b, off, len) || len < 1) {
            return CodecError.CORRUPT_PAYLOAD;
        }
        int code = b[off] & 0x03;
        int frames;
        if (code == 0) {
            frames = 1;
        } else if (code != 3) {
            frames = 2;
        } else {
            if (len < 2) {
                return CodecError.CORRUPT_PAYLOAD;
            }
            frames = b[off + 1] & 0x3F;
            if (frames == 0) {
                return CodecError.CORRUPT_PAYLOAD;
            }
        }
        if (frames * frameSamples48k(b[off]) > MAX_DURATION_48K) {
            return CodecError.CORRUPT_PAYLOAD;
        }
        return frames;
    }

    /**
     * The packet's duration in samples at {@code sampleRate} (8000, 12000, 16000, 24000 or 48000), or
     * {@link CodecError#CORRUPT_PAYLOAD}. Frame lengths are not checked here: the decoder does that.
     */
    public static int samples(byte[] b, int off, int len, int sampleRate) {
        int frames = frameCount(b, off, len);
        if (frames < 0) {
            return frames;
        }
        return frames * frameSamples48k(b[off]) / (48000 / sampleRate);
    }

    /**
     * True if the first frame of the packet carries SILK LBRR data, the in-band FEC copy of the packet before it
     * (RFC 6716 §4.2.3: the LBRR flag follows the VAD flags, one per 20 ms SILK frame, at the start of the range
     * coded frame; with equal-probability bits they are the top bits of the first byte). CELT-only packets never do.
     * Malformed packets are false.
     */
    public static boolean hasFec(byte[] b, int off, int len) {
        int frames = frameCount(b, off, len);
        if (frames < 0) {
            return false;
        }
        int toc = b[off] & 0xFF;
        if ((toc >>> 3) >= 16) {
            return false;
        }
        int first = firstFrameOffset(b, off, len);
        if (first < 0 || first >= off + len) {
            return false;
        }
        int silkFrames = Math.max(1, frameSamples48k(toc) / 960);
        int data = b[first] & 0xFF;
        boolean lbrr = ((data >>> (7 - silkFrames)) & 1) != 0;
        if ((toc & 0x04) != 0) {
            // Stereo: the side channel's VAD and LBRR flags follow the mid channel's.
            lbrr |= ((data >>> (6 - 2 * silkFrames)) & 1) != 0;
        }
        return lbrr;
    }

    /** Array index of the first frame's first byte, or {@link CodecError#CORRUPT_PAYLOAD}. */
    private static int firstFrameOffset(byte[] b, int off, int len) {
        int end = off + len;
        int code = b[off] & 0x03;
        if (code < 2) {
            return off + 1;
        }
        if (code == 2) {
            // RFC 6716 §3.2.1: one or two bytes give the first frame's length.
            if (len < 2) {
                return CodecError.CORRUPT_PAYLOAD;
            }
            return off + ((b[off + 1] & 0xFF) < 252 ? 2 : 3);
        }
        int frames = b[off + 1] & 0x3F;
        boolean vbr = (b[off + 1] & 0x80) != 0;
        boolean padded = (b[off + 1] & 0x40) != 0;
        int p = off + 2;
        if (padded) {
            // RFC 6716 §3.2.5: padding length bytes, 255 meaning 254 and another length byte follows.
            int bounded = len;
            while (bounded-- > 0) {
                if (p >= end) {
                    return CodecError.CORRUPT_PAYLOAD;
                }
                int v = b[p++] & 0xFF;
                if (v != 255) {
                    break;
                }
            }
        }
        if (vbr) {
            for (int i = 0; i < frames - 1; i++) {
                if (p >= end) {
                    return CodecError.CORRUPT_PAYLOAD;
                }
                p += (b[p] & 0xFF) < 252 ? 1 : 2;
            }
        }
        return p;
    }

    private static boolean inBounds(byte[] b, int off, int len) {
        return b != null && off >= 0 && len >= 0 && off <= b.length - len;
    }
}
