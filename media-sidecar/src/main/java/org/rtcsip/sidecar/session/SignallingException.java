package org.rtcsip.sidecar.session;

/**
 * An offer, answer or delete that cannot be carried out. The message is the reason the ng client gets, worded as
 * rtpengine words it where rtpengine has a word for it ({@code Unknown call-id}, {@code Ran out of ports}).
 */
public final class SignallingException extends Exception {
    public SignallingException(String reason) {
        super(reason);
    }
}
