package org.rtcsip.kamailio.rpc;

/**
 * Any failure of a JSON-RPC call to Kamailio. The message is one line an operator can act on;
 * {@link #method()} is the RPC method that failed. Subtypes say whether Kamailio answered
 * ({@link KamailioRpcException}), answered something that is not a JSON-RPC reply
 * ({@link KamailioReplyException}) or could not be reached ({@link KamailioUnreachableException}).
 */
public abstract class KamailioException extends RuntimeException {

    private final String method;

    KamailioException(String method, String message, Throwable cause) {
        super(message, cause);
        this.method = method;
    }

    /** The JSON-RPC method of the failed call, e.g. {@code rtpengine.enable}. */
    public String method() {
        return method;
    }
}
