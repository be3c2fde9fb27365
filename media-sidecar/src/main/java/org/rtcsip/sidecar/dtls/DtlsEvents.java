package org.rtcsip.sidecar.dtls;

/**
 * What a {@link DtlsSrtpEndpoint} reports. Called on the thread that called the endpoint, from inside that
 * call, after the endpoint's state has changed (so the listener may call {@link DtlsSrtpEndpoint#close()}).
 * At most one of {@link #handshakeCompleted} and {@link #handshakeFailed} is called per endpoint.
 */
public interface DtlsEvents {
    /** The handshake succeeded and the peer's certificate matched its fingerprint: media may flow. */
    void handshakeCompleted(DtlsSrtpKeys keys);

    /** The handshake failed; no keys. Count by {@link DtlsFailure.Reason#label()}. */
    void handshakeFailed(DtlsFailure failure);

    /**
     * After the handshake, the peer closed the association: a close_notify (RFC 5246 §7.2.1; browsers send it
     * when the peer connection closes), a fatal alert, or an authenticated record the DTLS layer could not
     * handle. Keys already handed out stay valid; the caller decides whether media stops.
     */
    void closedByPeer(String reason);
}
