package org.rtcsip.sidecar.dtls;

/** An {@code a=fingerprint} value the sidecar cannot use; the message is the reason, e.g. "unsupported hash function md5". */
public class FingerprintParseException extends Exception {
    public FingerprintParseException(String reason) {
        super(reason);
    }
}
