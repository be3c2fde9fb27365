package org.rtcsip.sidecar.srtp;

/** An {@code a=crypto} value the sidecar cannot use; the message is the reason, e.g. "key not base64". */
public class SdesParseException extends Exception {
    public SdesParseException(String reason) {
        super(reason);
    }
}
