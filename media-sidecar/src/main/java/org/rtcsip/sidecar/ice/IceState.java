package org.rtcsip.sidecar.ice;

/** Where a full ICE agent stands (RFC 8445 §6.1.2.1, reduced to what the media path needs). */
public enum IceState {
    /** No peer credentials or candidates yet: nothing to check. */
    NEW,
    /** Pairs are being checked; nothing nominated yet. */
    CHECKING,
    /** A pair is nominated: {@code selectedRemote()} is where media goes. */
    CONNECTED,
    /** Every pair failed and none was nominated (an ICE restart or new candidates can still help). */
    FAILED
}
