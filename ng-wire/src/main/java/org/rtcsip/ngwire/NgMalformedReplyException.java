package org.rtcsip.ngwire;

import java.io.IOException;

/** A reply carrying our cookie whose body is not a bencode dictionary, or whose result is none of the ng results. */
public final class NgMalformedReplyException extends IOException {
    NgMalformedReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
