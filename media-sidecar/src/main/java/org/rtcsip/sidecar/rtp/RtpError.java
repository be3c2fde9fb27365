package org.rtcsip.sidecar.rtp;

/** Why {@link RtpHeader#validate} refused a packet; each value names a drop reason for counters. */
public enum RtpError {
    OK,
    /** Shorter than the 12-byte fixed header, or the view lies outside its array. */
    TOO_SHORT,
    /** Version field is not 2 (RFC 3550 §A.1). */
    BAD_VERSION,
    /** The CSRC list announced by CC does not fit in the packet. */
    CSRC_OVERRUN,
    /** The X bit is set but the extension header or its announced length does not fit. */
    EXTENSION_OVERRUN,
    /** P is set but the padding count is 0 or more than the bytes after the header (RFC 3550 §A.1). */
    BAD_PADDING
}
