package org.rtcsip.sidecar.testing;

import org.rtcsip.sidecar.dtls.DtlsEvents;
import org.rtcsip.sidecar.dtls.DtlsFailure;
import org.rtcsip.sidecar.dtls.DtlsSrtpKeys;

/** DTLS events nobody listens to: an endpoint a test drives only for the datagrams it writes. */
public final class IgnoredDtlsEvents implements DtlsEvents {
    @Override
    public void handshakeCompleted(DtlsSrtpKeys keys) {
    }

    @Override
    public void handshakeFailed(DtlsFailure failure) {
    }

    @Override
    public void closedByPeer(String reason) {
    }
}
