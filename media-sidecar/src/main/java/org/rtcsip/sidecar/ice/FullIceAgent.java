package org.rtcsip.sidecar.ice;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ice4j.message.Request;

/**
 * Full ICE (RFC 8445) for one component of one media stream, controlling or controlled, sans-IO. Besides
 * answering checks like {@link IceLiteAgent}, it checks the peer's candidates itself:
 *
 * <pre>
 *   agent.handleStun(datagram, ..., source, local, now, out, 0)   // answer to send back to source, or 0
 *   agent.handleTimeout(now)                                      // timers: pacing, RTO, nomination, consent
 *   while ((n = agent.pollTransmit(buf, 0)) &gt; 0)                   // checks to send:
 *       send(buf, n, agent.transmitSource(), agent.transmitDestination())
 *   wake up at agent.nextTimeoutNanos(now)
 * </pre>
 *
 * New checks are paced by Ta (RFC 8445 §14.2) with triggered checks first (§7.3.1.4); each check is
 * retransmitted on RTO = max(500 ms, Ta x active pairs) doubling, Rc times, then fails after Rm x RTO
 * (RFC 5389 §7.2.1, RFC 8445 §14.3). The controlling agent nominates the best valid pair with USE-CANDIDATE
 * (regular nomination, §8.1.1); the controlled agent selects a pair when the peer's USE-CANDIDATE and its own
 * successful check meet (§7.3.1.5). Role conflicts are repaired by tie-breaker (§7.3.1.1, §7.2.5.1). Once
 * connected, consent checks go out every 5 s +-20 % and consent expires 30 s after the last answer
 * (RFC 7675). Only host candidates are offered (no STUN/TURN gathering); peer candidates with mDNS names or
 * TCP are kept out of the checklist.
 *
 * <p>Not thread-safe: one agent belongs to the session's loop thread.
 */
public final class FullIceAgent implements IceAgent {
    /** RFC 8445 §6.1.2.5: the default limit of the checklist. */
    public static final int MAX_PAIRS = 100;
    private static final int MAX_REMOTE_CANDIDATES = 32;
    private static final int CONSENT_TRANSACTIONS = 4;

    private final int component;
    private final List<IceCandidate> localCandidates;
    private final long tieBreaker;
    private final Random random;
    private final IceTiming timing;
    private final StunCodec codec;
    private final CheckResponder responder;
    private IceRole role;
    private IceGeneration current;
    private IceGeneration previous;
    private final List<IceCandidate> remoteCandidates = new ArrayList<>();
    private final List<CandidatePair> pairs = new ArrayList<>();
    private final ArrayDeque<CandidatePair> triggered = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private long nextPaceNanos;
    private boolean paced;
    private boolean haveValid;
    private long firstValidNanos;
    private boolean nominating;
    private CandidatePair selected;
    private long lastConsentNanos;
    private long nextConsentNanos;
    private final byte[][] consentTransactions = new byte[CONSENT_TRANSACTIONS][];
    private int nextConsentTransaction;
    private int peerReflexiveCount;
    private InetSocketAddress transmitSource;
    private InetSocketAddress transmitDestination;
    private StunOutcome lastOutcome;

    private record Outgoing(CandidatePair pair, byte[] transactionId, boolean useCandidate) {
    }

    /**
     * @param role CONTROLLING when we offered (or the peer is lite), CONTROLLED when we answer a full peer
     * @param hostAddresses what goes into SDP, in preference order (interface or advertised 1:1 NAT address)
     * @param tieBreaker RFC 8445 §7.1.3: one random 64-bit value for all streams of the session
     * @param random a SecureRandom outside tests (credentials, transaction IDs, consent jitter)
     */
    public FullIceAgent(IceRole role, int component, List<InetSocketAddress> hostAddresses, long tieBreaker,
            Random random, IceTiming timing) {
        this(role, component, hostAddresses, tieBreaker, random, timing, IceLiteAgent.DEFAULT_SOFTWARE);
    }

    public FullIceAgent(IceRole role, int component, List<InetSocketAddress> hostAddresses, long tieBreaker,
            Random random, IceTiming timing, String software) {
        this(role, component, hostAddresses, tieBreaker, random, timing, software, IceCredentials.random(random));
    }

    /** @param local the credentials the SDP already carries (decided when the offer or answer was written) */
    public FullIceAgent(IceRole role, int component, List<InetSocketAddress> hostAddresses, long tieBreaker,
            Random random, IceTiming timing, String software, IceCredentials local) {
        if (hostAddresses.isEmpty()) {
            throw new IllegalArgumentException("an ICE agent needs at least one host address");
        }
        this.role = role;
        this.component = component;
        this.localCandidates = IceCandidate.hosts(component, hostAddresses);
        this.tieBreaker = tieBreaker;
        this.random = random;
        this.timing = timing;
        this.codec = new StunCodec(software);
        this.responder = new CheckResponder(codec);
        this.current = new IceGeneration(local);
    }

    public IceRole role() {
        return role;
    }

    /** RFC 8445 §6.1.1: against a lite peer we must be controlling; call before checks start. */
    public void setRole(IceRole newRole) {
        switchRole(newRole);
    }

    public IceCredentials localCredentials() {
        return current.local;
    }

    public void setRemoteCredentials(IceCredentials remote) {
        current.setRemote(remote);
    }

    public List<IceCandidate> candidates() {
        return localCandidates;
    }

    /** Media-level attribute values without {@code a=}: ice-ufrag, ice-pwd, candidates, end-of-candidates. */
    public List<String> mediaAttributes() {
        List<String> attributes = new ArrayList<>();
        attributes.add("ice-ufrag:" + current.local.ufrag());
        attributes.add("ice-pwd:" + current.local.pwd());
        for (IceCandidate candidate : localCandidates) {
            attributes.add(candidate.format());
        }
        attributes.add("end-of-candidates");
        return attributes;
    }

    /**
     * Adds a peer candidate from SDP (or trickle) to the checklist. Returns false when it cannot be checked: another
     * component, not UDP, an mDNS or other host name (never resolved, never sent to), no host address of its IP
     * family, a duplicate, or the limits (32 candidates, {@link #MAX_PAIRS} pairs) reached.
     */
    public boolean addRemoteCandidate(IceCandidate candidate) {
        InetSocketAddress address = candidate.socketAddress();
        if (candidate.component() != component || !candidate.isUdp() || address == null || address.getPort() == 0
                || remoteCandidates.size() >= MAX_REMOTE_CANDIDATES || findPairByRemote(address) != null) {
            return false;
        }
        boolean paired = false;
        for (IceCandidate local : localCandidates) {
            InetSocketAddress localAddress = local.socketAddress();
            if (sameFamily(localAddress, address) && pairs.size() < MAX_PAIRS) {
                CandidatePair pair = new CandidatePair(localAddress, local.priority(), address, candidate.priority(),
                        local.foundation() + ":" + candidate.foundation(), current);
                pair.computePriority(role);
                pairs.add(pair);
                paired = true;
            }
        }
        if (paired) {
            remoteCandidates.add(candidate);
            pairs.sort((a, b) -> Long.compare(b.priority, a.priority));
            unfreezeInitialPairs();
        }
        return paired;
    }

    /** RFC 8445 §6.1.2.6, one component: per foundation, the best pair starts Waiting, the rest Frozen. */
    private void unfreezeInitialPairs() {
        for (CandidatePair pair : pairs) {
            if (pair.state == CandidatePair.State.FROZEN && !foundationActive(pair.foundation)) {
                pair.state = CandidatePair.State.WAITING;
            }
        }
    }

    private boolean foundationActive(String foundation) {
        for (CandidatePair pair : pairs) {
            if (pair.foundation.equals(foundation) && pair.state != CandidatePair.State.FROZEN
                    && pair.state != CandidatePair.State.FAILED) {
                return true;
            }
        }
        return false;
    }

    /**
     * Handles one received STUN datagram from {@code source} that arrived on the socket advertised as
     * {@code local} (one of the host addresses; null picks the first of the source's IP family). Returns
     * the length of the answer written at {@code out[outOff]} for {@code source}, or 0. Responses to our
     * checks are consumed here too. Never throws on content; see {@link #lastOutcome()}.
     */
    public int handleStun(byte[] buf, int off, int len, InetSocketAddress source, InetSocketAddress local,
            long nowNanos, byte[] out, int outOff) {
        StunOutcome drop = codec.read(buf, off, len);
        if (drop != null) {
            lastOutcome = drop;
            return 0;
        }
        if (source == null || source.getAddress() == null) {
            lastOutcome = StunOutcome.DROPPED_MALFORMED;
            return 0;
        }
        int type = codec.messageType();
        if (type == StunCodec.BINDING_SUCCESS || type == StunCodec.BINDING_ERROR) {
            handleResponse(type == StunCodec.BINDING_SUCCESS, source, nowNanos);
            return 0;
        }
        if (type != StunCodec.BINDING_REQUEST) {
            lastOutcome = StunOutcome.DROPPED_UNSUPPORTED;
            return 0;
        }
        return handleRequest(source, local, nowNanos, out, outOff);
    }

    private int handleRequest(InetSocketAddress source, InetSocketAddress local, long nowNanos, byte[] out,
            int outOff) {
        IceGeneration generation = responder.authenticate(current, previous, out, outOff);
        if (generation == null) {
            lastOutcome = responder.outcome;
            return responder.written;
        }
        // RFC 8445 §7.3.1.1: both claim the same role; the larger tie-breaker keeps controlling.
        boolean theirsControlling = codec.hasControlling();
        boolean theirsControlled = codec.hasControlled();
        boolean weWin = Long.compareUnsigned(tieBreaker, codec.tieBreaker()) >= 0;
        IceRole newRole = role;
        if (role == IceRole.CONTROLLING && theirsControlling) {
            if (weWin) {
                return rejectRoleConflict(generation, out, outOff);
            }
            newRole = IceRole.CONTROLLED;
        } else if (role == IceRole.CONTROLLED && theirsControlled) {
            if (!weWin) {
                return rejectRoleConflict(generation, out, outOff);
            }
            newRole = IceRole.CONTROLLING;
        }
        long priority = codec.priority();
        if (priority <= 0) {
            // RFC 8445 §7.3.1.3 needs PRIORITY for a peer-reflexive candidate.
            responder.reject(400, "Bad Request", generation.localKey, StunOutcome.REJECTED_BAD_REQUEST, out, outOff);
            lastOutcome = responder.outcome;
            return responder.written;
        }
        boolean useCandidate = codec.hasUseCandidate() && newRole == IceRole.CONTROLLED;
        StunOutcome accepted = useCandidate ? StunOutcome.CHECK_NOMINATED : StunOutcome.CHECK_ANSWERED;
        if (!responder.answer(source, generation.localKey, accepted, out, outOff)) {
            lastOutcome = responder.outcome;
            return 0;
        }
        switchRole(newRole);
        confirm(generation);
        generation.addValidRemote(source);
        if (generation == current) {
            CandidatePair pair = pairFor(localFor(local, source), source, priority);
            if (pair != null) {
                triggerCheck(pair);
                if (useCandidate) {
                    // RFC 8445 §7.3.1.5
                    if (pair.state == CandidatePair.State.SUCCEEDED) {
                        nominate(pair, nowNanos);
                    } else {
                        pair.nominateOnSuccess = true;
                    }
                }
            }
        }
        lastOutcome = accepted;
        return responder.written;
    }

    private int rejectRoleConflict(IceGeneration generation, byte[] out, int outOff) {
        responder.reject(487, "Role Conflict", generation.localKey, StunOutcome.REJECTED_ROLE_CONFLICT, out, outOff);
        lastOutcome = responder.outcome;
        return responder.written;
    }

    /** RFC 8445 §7.3.1.4: a check from the peer triggers ours on the same pair (unless it already works). */
    private void triggerCheck(CandidatePair pair) {
        switch (pair.state) {
            case SUCCEEDED -> {
                return;
            }
            case IN_PROGRESS -> pair.retransmitting = false; // cancelled: its response still counts
            default -> {
            }
        }
        pair.state = CandidatePair.State.WAITING;
        if (!triggered.contains(pair)) {
            triggered.add(pair);
        }
    }

    /** The pair for a check from {@code source}; RFC 8445 §7.3.1.3 learns a peer-reflexive candidate. */
    private CandidatePair pairFor(IceCandidate local, InetSocketAddress source, long priority) {
        if (local == null) {
            return null;
        }
        InetSocketAddress localAddress = local.socketAddress();
        for (CandidatePair pair : pairs) {
            if (pair.remote.equals(source) && pair.local.equals(localAddress)) {
                return pair;
            }
        }
        if (pairs.size() >= MAX_PAIRS || remoteCandidates.size() >= MAX_REMOTE_CANDIDATES) {
            return null;
        }
        IceCandidate learned = new IceCandidate("prflx" + (++peerReflexiveCount), component, "UDP", priority,
                source.getAddress().getHostAddress(), source.getPort(), IceCandidate.PEER_REFLEXIVE, null, -1,
                Map.of());
        remoteCandidates.add(learned);
        CandidatePair pair = new CandidatePair(localAddress, local.priority(), source, priority,
                local.foundation() + ":" + learned.foundation(), current);
        pair.computePriority(role);
        pairs.add(pair);
        pairs.sort((a, b) -> Long.compare(b.priority, a.priority));
        return pair;
    }

    private IceCandidate localFor(InetSocketAddress local, InetSocketAddress source) {
        for (IceCandidate candidate : localCandidates) {
            InetSocketAddress address = candidate.socketAddress();
            if (local != null ? address.equals(local) : sameFamily(address, source)) {
                return candidate;
            }
        }
        return null;
    }

    private void handleResponse(boolean success, InetSocketAddress source, long nowNanos) {
        byte[] transactionId = codec.transactionId();
        if (selected != null && isConsentTransaction(transactionId)) {
            if (!codec.integrityMatches(selected.generation.remoteKey)) {
                lastOutcome = StunOutcome.DROPPED_BAD_INTEGRITY;
            } else if (!source.equals(selected.remote)) {
                lastOutcome = StunOutcome.DROPPED_NON_SYMMETRIC;
            } else if (success) {
                lastConsentNanos = nowNanos; // RFC 7675 §5.1: an authenticated answer renews consent
                lastOutcome = StunOutcome.RESPONSE_ACCEPTED;
            } else {
                lastOutcome = StunOutcome.ERROR_RESPONSE_ACCEPTED;
            }
            return;
        }
        CandidatePair pair = findPairByTransaction(transactionId);
        if (pair == null) {
            lastOutcome = StunOutcome.DROPPED_UNKNOWN_TRANSACTION;
            return;
        }
        if (!codec.integrityMatches(pair.generation.remoteKey)) {
            // RFC 8445 §7.2.5.1 (via RFC 5389 §10.1.3): an answer we cannot authenticate is ignored.
            lastOutcome = StunOutcome.DROPPED_BAD_INTEGRITY;
            return;
        }
        boolean currentTransaction = pair.isCurrentTransaction(transactionId);
        if (!source.equals(pair.remote)) {
            // RFC 8445 §7.2.5.2.1: non-symmetric addresses fail the check.
            if (currentTransaction) {
                failCheck(pair);
            }
            lastOutcome = StunOutcome.DROPPED_NON_SYMMETRIC;
            return;
        }
        confirm(pair.generation);
        if (currentTransaction) {
            pair.retransmitting = false;
        }
        if (!success) {
            handleErrorResponse(pair, currentTransaction);
            return;
        }
        boolean nominationAnswered = currentTransaction && pair.checkCarriesUseCandidate;
        if (pair.state != CandidatePair.State.SUCCEEDED) {
            pair.state = CandidatePair.State.SUCCEEDED;
            unfreezeFoundation(pair.foundation);
            if (!haveValid) {
                haveValid = true;
                firstValidNanos = nowNanos;
            }
        }
        if (role == IceRole.CONTROLLING && nominationAnswered
                || role == IceRole.CONTROLLED && pair.nominateOnSuccess) {
            nominate(pair, nowNanos);
        }
        lastOutcome = StunOutcome.RESPONSE_ACCEPTED;
    }

    private void handleErrorResponse(CandidatePair pair, boolean currentTransaction) {
        lastOutcome = StunOutcome.ERROR_RESPONSE_ACCEPTED;
        if (!currentTransaction) {
            return;
        }
        if (codec.errorCode() == 487) {
            // RFC 8445 §7.2.5.1: take the other role than the one the check claimed, and check again.
            switchRole(pair.sentControlling ? IceRole.CONTROLLED : IceRole.CONTROLLING);
            if (pair.state != CandidatePair.State.SUCCEEDED) {
                pair.state = CandidatePair.State.WAITING;
            }
            if (!triggered.contains(pair)) {
                triggered.add(pair);
            }
            return;
        }
        failCheck(pair);
    }

    private void failCheck(CandidatePair pair) {
        pair.retransmitting = false;
        if (pair.checkCarriesUseCandidate) {
            pair.checkCarriesUseCandidate = false;
            nominating = false;
        }
        pair.state = CandidatePair.State.FAILED;
        if (pair == selected) {
            selected = null;
        }
    }

    /** RFC 8445 §7.2.5.3.3: a success unfreezes the Frozen pairs of its foundation. */
    private void unfreezeFoundation(String foundation) {
        for (CandidatePair pair : pairs) {
            if (pair.state == CandidatePair.State.FROZEN && pair.foundation.equals(foundation)) {
                pair.state = CandidatePair.State.WAITING;
            }
        }
    }

    private void nominate(CandidatePair pair, long nowNanos) {
        pair.nominated = true;
        pair.checkCarriesUseCandidate = false;
        selected = pair;
        lastConsentNanos = nowNanos; // the nominating exchange itself is an authenticated answer
        // RFC 8445 §8.1.2: the component is done; stop checking what is left (a later nomination re-opens a pair).
        for (CandidatePair other : pairs) {
            boolean unchecked = other.state == CandidatePair.State.WAITING || other.state == CandidatePair.State.FROZEN;
            if (other != pair && (unchecked
                    || other.state == CandidatePair.State.IN_PROGRESS && other.priority < pair.priority)) {
                other.state = CandidatePair.State.FAILED;
                other.retransmitting = false;
            }
        }
        nextConsentNanos = nowNanos + consentGap();
    }

    private void confirm(IceGeneration generation) {
        generation.confirmed = true;
        if (generation == current) {
            previous = null;
        }
    }

    private void switchRole(IceRole newRole) {
        if (newRole == role) {
            return;
        }
        role = newRole;
        for (CandidatePair pair : pairs) {
            pair.computePriority(role); // RFC 8445 §7.2.5.1: priorities depend on the role
        }
        pairs.sort((a, b) -> Long.compare(b.priority, a.priority));
    }

    /** Advances the timers to {@code nowNanos}: retransmissions, the next paced check, nomination, consent. */
    public void handleTimeout(long nowNanos) {
        for (CandidatePair pair : pairs) {
            retransmitOrFail(pair, nowNanos);
        }
        if (selected != null && !pairs.contains(selected)) {
            retransmitOrFail(selected, nowNanos);
        }
        if (current.remote != null && (!paced || nowNanos - nextPaceNanos >= 0)) {
            CandidatePair next = nextCheck();
            if (next != null) {
                startCheck(next, nowNanos);
                paced = true;
                nextPaceNanos = nowNanos + timing.paceNanos();
            }
        }
        if (role == IceRole.CONTROLLING && !nominating && (selected == null || selected.generation != current)) {
            CandidatePair best = bestValid();
            if (best != null && (!higherPriorityPending(best)
                    || nowNanos - firstValidNanos >= timing.nominationWaitNanos())) {
                nominating = true;
                best.checkCarriesUseCandidate = true;
                triggered.addFirst(best);
            }
        }
        if (selected != null && nowNanos - nextConsentNanos >= 0) {
            byte[] transactionId = newTransactionId();
            consentTransactions[nextConsentTransaction] = transactionId;
            nextConsentTransaction = (nextConsentTransaction + 1) % CONSENT_TRANSACTIONS;
            // RFC 7675 §5.1: each consent check is a fresh transaction, not retransmitted.
            outbox.add(new Outgoing(selected, transactionId, false));
            nextConsentNanos = nowNanos + consentGap();
        }
    }

    private void retransmitOrFail(CandidatePair pair, long nowNanos) {
        if (!pair.retransmitting || nowNanos - pair.nextTransmitNanos < 0) {
            return;
        }
        if (pair.transmissions >= timing.maxTransmissions()) {
            failCheck(pair); // RFC 5389 §7.2.1: Rc transmissions and the final Rm x RTO wait without an answer
            return;
        }
        outbox.add(new Outgoing(pair, pair.currentTransaction(), pair.checkCarriesUseCandidate));
        pair.transmissions++;
        pair.rtoNanos *= 2;
        pair.nextTransmitNanos = nowNanos + (pair.transmissions >= timing.maxTransmissions()
                ? pair.initialRtoNanos * timing.finalWaitFactor() : pair.rtoNanos);
    }

    private CandidatePair nextCheck() {
        while (!triggered.isEmpty()) {
            CandidatePair pair = triggered.poll();
            if (pairs.contains(pair) && (pair.state == CandidatePair.State.WAITING
                    || pair.state == CandidatePair.State.SUCCEEDED && pair.checkCarriesUseCandidate)) {
                return pair;
            }
        }
        for (CandidatePair pair : pairs) {
            if (pair.state == CandidatePair.State.WAITING) {
                return pair;
            }
        }
        // RFC 8445 §6.1.4.2: nothing Waiting: unfreeze the best Frozen pair.
        for (CandidatePair pair : pairs) {
            if (pair.state == CandidatePair.State.FROZEN) {
                pair.state = CandidatePair.State.WAITING;
                return pair;
            }
        }
        return null;
    }

    private void startCheck(CandidatePair pair, long nowNanos) {
        int active = 0;
        for (CandidatePair other : pairs) {
            if (other.state == CandidatePair.State.WAITING || other.state == CandidatePair.State.IN_PROGRESS) {
                active++;
            }
        }
        byte[] transactionId = newTransactionId();
        pair.startTransaction(transactionId);
        if (pair.state != CandidatePair.State.SUCCEEDED) {
            pair.state = CandidatePair.State.IN_PROGRESS;
        }
        pair.retransmitting = true;
        pair.transmissions = 1;
        pair.initialRtoNanos = Math.max(timing.minRtoNanos(), timing.paceNanos() * active); // RFC 8445 §14.3
        pair.rtoNanos = pair.initialRtoNanos;
        pair.nextTransmitNanos = nowNanos + (timing.maxTransmissions() == 1
                ? pair.initialRtoNanos * timing.finalWaitFactor() : pair.rtoNanos);
        outbox.add(new Outgoing(pair, transactionId, pair.checkCarriesUseCandidate));
    }

    private CandidatePair bestValid() {
        for (CandidatePair pair : pairs) {
            if (pair.state == CandidatePair.State.SUCCEEDED) {
                return pair; // pairs are sorted by priority
            }
        }
        return null;
    }

    private boolean higherPriorityPending(CandidatePair best) {
        for (CandidatePair pair : pairs) {
            if (pair.priority > best.priority && pair.isPending()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the next check to send at {@code out[outOff]} and returns its length, or 0 when none is due.
     * Send it from {@link #transmitSource()} to {@link #transmitDestination()}.
     */
    public int pollTransmit(byte[] out, int outOff) {
        while (!outbox.isEmpty()) {
            Outgoing outgoing = outbox.poll();
            CandidatePair pair = outgoing.pair();
            IceGeneration generation = pair.generation;
            if (generation.remote == null) {
                continue;
            }
            boolean controlling = role == IceRole.CONTROLLING;
            pair.sentControlling = controlling;
            // RFC 8445 §7.1.1: PRIORITY is what a peer-reflexive candidate of ours would get.
            long priority = CandidatePriority.of(CandidatePriority.PEER_REFLEXIVE,
                    (int) ((pair.localPriority >> 8) & 0xFFFF), component);
            Request request = StunCodec.bindingRequest(generation.remote.ufrag() + ":" + generation.local.ufrag(),
                    priority, controlling, tieBreaker, outgoing.useCandidate());
            int length = codec.write(request, outgoing.transactionId(), generation.remoteKey, out, outOff);
            if (length < 0) {
                lastOutcome = StunOutcome.DROPPED_NO_ROOM;
                return 0;
            }
            transmitSource = pair.local;
            transmitDestination = pair.remote;
            return length;
        }
        return 0;
    }

    /** The host address (as passed to the constructor) whose socket sends the last polled check. */
    public InetSocketAddress transmitSource() {
        return transmitSource;
    }

    /** Where the last polled check goes. */
    public InetSocketAddress transmitDestination() {
        return transmitDestination;
    }

    /** When {@link #handleTimeout} wants to run next; at most a second away, never before {@code nowNanos}. */
    public long nextTimeoutNanos(long nowNanos) {
        long next = nowNanos + 1_000_000_000L;
        if (!outbox.isEmpty()) {
            return nowNanos;
        }
        for (CandidatePair pair : pairs) {
            if (pair.retransmitting && pair.nextTransmitNanos - next < 0) {
                next = pair.nextTransmitNanos;
            }
        }
        if (selected != null && selected.retransmitting && selected.nextTransmitNanos - next < 0) {
            next = selected.nextTransmitNanos;
        }
        if (current.remote != null && (!triggered.isEmpty() || hasState(CandidatePair.State.WAITING)
                || hasState(CandidatePair.State.FROZEN) || role == IceRole.CONTROLLING && haveValid && !nominating)) {
            long pace = paced ? nextPaceNanos : nowNanos;
            if (role == IceRole.CONTROLLING && haveValid && !nominating) {
                pace = Math.min(pace, firstValidNanos + timing.nominationWaitNanos());
            }
            if (pace - next < 0) {
                next = pace;
            }
        }
        if (selected != null && nextConsentNanos - next < 0) {
            next = nextConsentNanos;
        }
        return next - nowNanos < 0 ? nowNanos : next;
    }

    private boolean hasState(CandidatePair.State state) {
        for (CandidatePair pair : pairs) {
            if (pair.state == state) {
                return true;
            }
        }
        return false;
    }

    public IceState state() {
        if (selected != null) {
            return IceState.CONNECTED;
        }
        if (current.remote == null || pairs.isEmpty()) {
            return IceState.NEW;
        }
        for (CandidatePair pair : pairs) {
            if (pair.state != CandidatePair.State.FAILED) {
                return IceState.CHECKING;
            }
        }
        return IceState.FAILED;
    }

    /** Where media must be sent and accepted from once a pair is nominated; null before. */
    public InetSocketAddress selectedRemote() {
        return selected == null ? null : selected.remote;
    }

    /** Which host address (socket) the selected pair sends from; null before nomination. */
    public InetSocketAddress selectedLocal() {
        return selected == null ? null : selected.local;
    }

    /** True for the selected address and for addresses that proved themselves by a check or an answer. */
    public boolean acceptsFrom(InetSocketAddress source) {
        if (source == null) {
            return false;
        }
        if (selected != null && source.equals(selected.remote)) {
            return true;
        }
        if (current.isValidRemote(source) || previous != null && previous.isValidRemote(source)) {
            return true;
        }
        for (CandidatePair pair : pairs) {
            if (pair.state == CandidatePair.State.SUCCEEDED && pair.remote.equals(source)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7675 §5.1: connected, but no answer to a consent check for 30 s: stop sending. */
    public boolean consentExpired(long nowNanos) {
        return selected != null && nowNanos - lastConsentNanos >= timing.consentTimeoutNanos();
    }

    public boolean maySend(long nowNanos) {
        return selected != null && !consentExpired(nowNanos);
    }

    /**
     * ICE restart (RFC 8445 §9): new local credentials and an empty checklist for the peer's new credentials and
     * candidates. The selected pair keeps carrying media (and consent checks) with the old credentials until
     * the new generation nominates; checks with the old credentials are answered until the new ones work.
     */
    public IceCredentials restart() {
        return restart(IceCredentials.random(random));
    }

    /** {@link #restart()} with the new credentials already chosen (they went into SDP first). */
    @Override
    public IceCredentials restart(IceCredentials local) {
        if (current.confirmed) {
            previous = current;
        }
        current = new IceGeneration(local);
        remoteCandidates.clear();
        pairs.clear();
        triggered.clear();
        outbox.removeIf(outgoing -> outgoing.pair() != selected);
        nominating = false;
        haveValid = false;
        paced = false;
        return current.local;
    }

    public StunOutcome lastOutcome() {
        return lastOutcome;
    }

    private long consentGap() {
        // RFC 7675 §5.1: uniformly within 0.8..1.2 of the interval, so checks of many sessions do not bunch.
        double factor = 0.8 + 0.4 * random.nextDouble();
        return (long) (timing.consentIntervalNanos() * factor);
    }

    private byte[] newTransactionId() {
        byte[] transactionId = new byte[12];
        random.nextBytes(transactionId);
        return transactionId;
    }

    private boolean isConsentTransaction(byte[] transactionId) {
        for (byte[] consent : consentTransactions) {
            if (consent != null && Arrays.equals(consent, transactionId)) {
                return true;
            }
        }
        return false;
    }

    private CandidatePair findPairByTransaction(byte[] transactionId) {
        for (CandidatePair pair : pairs) {
            if (pair.ownsTransaction(transactionId)) {
                return pair;
            }
        }
        return selected != null && selected.ownsTransaction(transactionId) ? selected : null;
    }

    private CandidatePair findPairByRemote(InetSocketAddress remote) {
        for (CandidatePair pair : pairs) {
            if (pair.remote.equals(remote)) {
                return pair;
            }
        }
        return null;
    }

    private static boolean sameFamily(InetSocketAddress a, InetSocketAddress b) {
        return (a.getAddress() instanceof Inet4Address) == (b.getAddress() instanceof Inet4Address);
    }
}
