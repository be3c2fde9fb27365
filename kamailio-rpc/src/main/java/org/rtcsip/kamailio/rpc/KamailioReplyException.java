package org.rtcsip.kamailio.rpc;

/**
 * Something answered, but not with the JSON-RPC reply this client expects: not JSON, a
 * different id, or a result whose shape this client does not know (another Kamailio version,
 * or the URL points at something that is not Kamailio's /RPC).
 */
public final class KamailioReplyException extends KamailioException {

    KamailioReplyException(String method, String reason, Throwable cause) {
        super(method, "unexpected reply to " + method + ": " + reason, cause);
    }
}
