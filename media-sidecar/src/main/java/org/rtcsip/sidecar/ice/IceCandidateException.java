package org.rtcsip.sidecar.ice;

/** An {@code a=candidate} value the sidecar cannot use; the message is the reason, e.g. "priority not a number". */
public final class IceCandidateException extends Exception {
    public IceCandidateException(String reason) {
        super(reason);
    }
}
