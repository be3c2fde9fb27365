package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;
import java.util.function.Supplier;
import java.util.logging.Logger;

import org.rtcsip.sidecar.logging.CallLog;
import org.rtcsip.sidecar.session.RemoteAddressLatch;

/**
 * Confirms the latched source of an SDES party, and follows the party to a new address once it has proven itself
 * there: {@link #PROOF_PACKETS} authenticated packets in a row from the same new address while nothing at all came
 * from the old one for {@link #QUIET_NANOS} (a NAT rebinding, not copies of the party's packets raced in from
 * elsewhere: the real party keeps the old address busy, see {@link SrtpSourceGate#lastFromLatched}).
 */
public final class FollowProvenSource extends Stage {
    private static final Logger LOG = Logger.getLogger(FollowProvenSource.class.getName());
    static final int PROOF_PACKETS = 3;
    static final long QUIET_NANOS = 100_000_000L;

    private final RemoteAddressLatch latch;
    private final SrtpSourceGate gate;
    private final Supplier<CallLog> log;
    private InetSocketAddress candidate;
    private int proofs;
    private long moves;

    /** @param log the stream's call log (asked when a move is logged: the tag may come after the path is built) */
    public FollowProvenSource(RemoteAddressLatch latch, SrtpSourceGate gate, StageDrops drops, Supplier<CallLog> log) {
        super("confirm(follow)", drops);
        this.latch = latch;
        this.gate = gate;
        this.log = log;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (latch.admits(from)) {
            latch.confirm(from);
            candidate = null;
            proofs = 0;
        } else {
            if (from.equals(candidate)) {
                proofs++;
            } else {
                candidate = from;
                proofs = 1;
            }
            if (proofs >= PROOF_PACKETS && now - gate.lastFromLatched() >= QUIET_NANOS) {
                InetSocketAddress was = latch.current();
                latch.moveTo(from);
                moves++;
                candidate = null;
                proofs = 0;
                log.get().info(LOG, () -> "party moved from " + was + " to " + from
                        + " (SRTP authenticated, old address quiet)");
            }
        }
        pass(buf, off, len, from, now);
    }

    public long moves() {
        return moves;
    }
}
