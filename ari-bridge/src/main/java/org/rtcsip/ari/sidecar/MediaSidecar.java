package org.rtcsip.ari.sidecar;

import java.util.List;

/** What the Stasis app asks of media-sidecar. Blocking; called off the event thread. */
public interface MediaSidecar {

    /**
     * ng {@code external media}: media-sidecar connects to both legs' WebSockets and transcodes between them.
     * Returns once both legs are connected (MEDIA_START seen on each).
     */
    void joinLegs(String callId, MediaLeg caller, MediaLeg callee) throws NgException;

    /** ng {@code delete}; a call-id media-sidecar does not know counts as deleted. */
    void delete(String callId) throws NgException;

    /** ng {@code list}: the call-ids media-sidecar holds. */
    List<String> calls() throws NgException;
}
