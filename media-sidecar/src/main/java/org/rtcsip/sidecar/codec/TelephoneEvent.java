package org.rtcsip.sidecar.codec;

/**
 * The RFC 4733 §2.3 telephone-event payload, read and written in place over a view {@code (b, off, len)}:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |     event     |E|R| volume    |          duration             |
 * </pre>
 * The accessors read the first event block and assume {@link #fits} was true. Never allocates or throws.
 */
public final class TelephoneEvent {
    public static final int LENGTH = 4;
    /** RFC 4733 §2.5.1.3: longer events are split into segments of at most this many timestamp units. */
    public static final int MAX_DURATION = 0xFFFF;
    /** RFC 4733 §2.3.4: volume is 0 to -63 dBm0, stored without its sign. */
    public static final int MAX_VOLUME = 63;
    /** RFC 4733 §3.2: event codes 0-9 are the digits, then *, #, A-D, flash. */
    public static final int EVENT_STAR = 10;
    public static final int EVENT_POUND = 11;
    public static final int EVENT_FLASH = 16;
    private static final String DTMF_CHARACTERS = "0123456789*#ABCD";

    private TelephoneEvent() {
    }

    /** True if the view holds at least one 4-byte event block. */
    public static boolean fits(byte[] b, int off, int len) {
        return b != null && off >= 0 && len >= LENGTH && off <= b.length - len;
    }

    public static int event(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    /** The E bit: this packet reports the end of the event (RFC 4733 §2.3.2). */
    public static boolean end(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    /** Power level in -dBm0 (0 to 63), meaningful for DTMF (RFC 4733 §2.3.4). */
    public static int volume(byte[] b, int off) {
        return b[off + 1] & 0x3F;
    }

    /** Timestamp units from the event (segment) start to the end of this packet's report (RFC 4733 §2.3.5). */
    public static int duration(byte[] b, int off) {
        return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /**
     * Writes one event block at {@code b[off]}; the R bit is written as zero (RFC 4733 §2.3.3). Values are masked to
     * their field widths. Returns {@link #LENGTH}.
     */
    public static int write(byte[] b, int off, int event, boolean end, int volume, int duration) {
        b[off] = (byte) event;
        b[off + 1] = (byte) ((end ? 0x80 : 0) | (volume & 0x3F));
        b[off + 2] = (byte) (duration >>> 8);
        b[off + 3] = (byte) duration;
        return LENGTH;
    }

    /** The DTMF character of an event code ({@code 0-9 * # A-D}), or 0 for other events. */
    public static char dtmfCharacter(int event) {
        return event >= 0 && event < DTMF_CHARACTERS.length() ? DTMF_CHARACTERS.charAt(event) : 0;
    }

    /** The event code of a DTMF character (case-insensitive for A-D), or -1. */
    public static int dtmfEvent(char c) {
        return DTMF_CHARACTERS.indexOf(Character.toUpperCase(c));
    }
}
