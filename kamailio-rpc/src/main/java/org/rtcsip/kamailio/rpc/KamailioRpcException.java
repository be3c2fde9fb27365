package org.rtcsip.kamailio.rpc;

/**
 * Kamailio answered the call with a fault: the JSON-RPC error object
 * ({@code {"code":404,"message":"Instance not found"}}), or, when the HTTP route refused the
 * request before jsonrpcs saw it, the HTTP status and reason (403 Forbidden from a non-loopback
 * address in the shipped kamailio.cfg).
 */
public class KamailioRpcException extends KamailioException {

    private final int code;
    private final String kamailioMessage;

    public KamailioRpcException(String method, int code, String kamailioMessage) {
        this(method, code, kamailioMessage, method + ": " + kamailioMessage + " (" + code + ")");
    }

    KamailioRpcException(String method, int code, String kamailioMessage, String message) {
        super(method, message, null);
        this.code = code;
        this.kamailioMessage = kamailioMessage;
    }

    /** Kamailio's fault code (it doubles as the HTTP status of the reply). */
    public int code() {
        return code;
    }

    /** Kamailio's fault text as sent, e.g. {@code Unknown connection ID}. */
    public String kamailioMessage() {
        return kamailioMessage;
    }
}
