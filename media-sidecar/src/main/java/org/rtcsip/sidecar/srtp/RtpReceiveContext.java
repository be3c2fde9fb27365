package org.rtcsip.sidecar.srtp;

import org.jitsi.srtp.SrtpCryptoContext;

/**
 * One received SSRC: jitsi's crypto context and where its numbering stands. A packet far ahead of the newest
 * authenticated one is held back, not authenticated, until the next packet follows it (RFC 3550 §A.1's
 * probation): a single stray jump from the sender would otherwise move the 64-packet replay window (RFC 3711
 * §3.3.2) so far that every following packet counts as too old. A sender that really jumped is followed from its
 * second packet, which authenticates as usual. Packets behind the window stay refused: going back under the same
 * key would reuse a keystream (RFC 3711 §9.1), and it is what a replay looks like.
 */
final class RtpReceiveContext {
    /** jitsi-srtp's replay window: a packet this far behind the newest is still judged by its bitmap. */
    static final int REPLAY_WINDOW = 64;

    final SrtpCryptoContext crypto;
    private int newest;
    private boolean holding;
    private int heldSeq;

    RtpReceiveContext(SrtpCryptoContext crypto, int firstSeq) {
        this.crypto = crypto;
        this.newest = firstSeq & 0xFFFF;
    }

    /** True if the packet jumps too far ahead to go to authentication yet; remembers it as the jump to confirm. */
    boolean holds(int seq) {
        int ahead = (seq - newest) & 0xFFFF;
        if (ahead <= REPLAY_WINDOW || ahead >= 0x8000) {
            return false;
        }
        if (holding && seq == ((heldSeq + 1) & 0xFFFF)) {
            return false;
        }
        holding = true;
        heldSeq = seq;
        return true;
    }

    /** The packet authenticated: it is the newest if ahead. */
    void authenticated(int seq) {
        int ahead = (seq - newest) & 0xFFFF;
        if (ahead != 0 && ahead < 0x8000) {
            newest = seq;
            holding = false;
        }
    }
}
