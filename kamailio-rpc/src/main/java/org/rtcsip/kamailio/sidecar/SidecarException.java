package org.rtcsip.kamailio.sidecar;

/**
 * A request to a media sidecar failed. The message is one line an operator can act on; subtypes
 * say whether the sidecar answered ({@link SidecarRefusedException}) or not
 * ({@link SidecarUnreachableException}).
 */
public abstract class SidecarException extends RuntimeException {

    SidecarException(String message, Throwable cause) {
        super(message, cause);
    }
}
