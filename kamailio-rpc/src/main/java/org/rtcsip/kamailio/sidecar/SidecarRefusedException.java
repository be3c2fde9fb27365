package org.rtcsip.kamailio.sidecar;

/**
 * The sidecar answered, but with an error (an ng {@code result: error}, an HTTP error status) or
 * with something this client cannot read.
 */
public final class SidecarRefusedException extends SidecarException {

    SidecarRefusedException(String message) {
        super(message, null);
    }

    SidecarRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
