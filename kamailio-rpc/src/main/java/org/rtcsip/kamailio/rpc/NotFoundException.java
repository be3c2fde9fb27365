package org.rtcsip.kamailio.rpc;

/**
 * Kamailio answered 404: the object named in the parameters does not exist, e.g.
 * {@code rtpengine.enable} with a URL that is not in {@code rtpengine_sock}
 * ({@code Instance not found}).
 */
public final class NotFoundException extends KamailioRpcException {

    NotFoundException(String method, int code, String kamailioMessage) {
        super(method, code, kamailioMessage);
    }
}
