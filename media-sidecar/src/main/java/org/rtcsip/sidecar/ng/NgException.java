package org.rtcsip.sidecar.ng;

/** A request that fails with {@code result: error}; the message becomes {@code error-reason}. */
public class NgException extends Exception {
    public NgException(String reason) {
        super(reason);
    }
}
