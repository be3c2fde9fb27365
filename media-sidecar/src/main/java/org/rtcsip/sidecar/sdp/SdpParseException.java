package org.rtcsip.sidecar.sdp;

/** An SDP the sidecar cannot work with; the message names the line and why. */
public final class SdpParseException extends Exception {
    public SdpParseException(String message) {
        super(message);
    }
}
