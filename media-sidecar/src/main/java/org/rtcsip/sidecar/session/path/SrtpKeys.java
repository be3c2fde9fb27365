package org.rtcsip.sidecar.session.path;

import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * The SRTP contexts of one stream: what the party encrypts with and what we encrypt with toward it. SDES sets them
 * at commit; DTLS-SRTP sets them when its handshake completes, after the path was built. Null = not (yet) keyed.
 */
public final class SrtpKeys {
    public SrtpTransform fromParty;
    public SrtpTransform toParty;
    /** The negotiated suite's SDP name, for reports; null until keyed. */
    public String suite;

    public void clear() {
        fromParty = null;
        toParty = null;
        suite = null;
    }
}
