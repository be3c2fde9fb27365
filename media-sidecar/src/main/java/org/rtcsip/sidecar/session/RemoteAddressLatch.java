package org.rtcsip.sidecar.session;

import java.net.InetSocketAddress;

/**
 * Decides which source address a party's media may come from (symmetric RTP with strict source). Once the
 * address is signalled in SDP or learned, packets from any other address are refused, so a stranger cannot
 * hijack the stream ("RTP Bleed"). Nothing is admitted before the party's SDP is known. Learning from the first
 * packet happens only when asked for ({@code media-handover}, or SIP-source-address with NAT), and only with a
 * packet that already passed validation and SRTP authentication ({@link #confirm} is called after those).
 */
public final class RemoteAddressLatch {
    private InetSocketAddress expected;
    private boolean locked = true;
    private boolean confirmed;

    /** A fresh SDP address; {@code learnable} lets the next good packet from anywhere take over. */
    public void signal(InetSocketAddress address, boolean learnable) {
        expected = address;
        locked = !learnable;
        confirmed = false;
    }

    /** True if a packet from {@code source} may be looked at further. */
    public boolean admits(InetSocketAddress source) {
        return !locked || source.equals(expected);
    }

    /** Called once the packet from {@code source} proved good: latches it. */
    public void confirm(InetSocketAddress source) {
        if (!locked) {
            expected = source;
            locked = true;
        }
        confirmed = true;
    }

    /**
     * The party proved itself from another address (SRTP that authenticates, repeatedly, while the old address went
     * quiet: a NAT rebinding): media goes there from now on. Never called for plain RTP.
     */
    public void moveTo(InetSocketAddress source) {
        expected = source;
        locked = true;
        confirmed = true;
    }

    /** Where to send towards this party, or null when unknown or on hold (unspecified address or port 0). */
    public InetSocketAddress destination() {
        if (expected == null || expected.getAddress() == null || expected.getAddress().isAnyLocalAddress()
                || expected.getPort() == 0) {
            return null;
        }
        return expected;
    }

    public InetSocketAddress current() {
        return expected;
    }

    /** A packet from the expected address has arrived (rtpengine's {@code confirmed} stream flag). */
    public boolean isConfirmed() {
        return confirmed;
    }
}
