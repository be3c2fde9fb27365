package org.rtcsip.sidecar.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * ICE-lite (RFC 8445 §2.5, §6.1.1) for one component of one media stream, sans-IO: fed with received STUN
 * datagrams and the time, it returns the answer to send back and keeps the state the media path asks about.
 * A lite agent has only host candidates, sends no checks and is always the controlled agent; the browser
 * (full, controlling) checks our candidates and nominates one of its checked pairs with USE-CANDIDATE.
 *
 * <ul>
 *   <li>{@link #handleStun}: answers a valid check with a signed Binding success response, marks its source
 *       valid, and on USE-CANDIDATE selects it ({@link #selectedRemote()}). Only an authenticated check
 *       (MESSAGE-INTEGRITY with our ice-pwd) changes anything, so a stranger cannot move the media.</li>
 *   <li>Consent (RFC 7675): the browser's checks on the selected pair are its consent; 30 s without one from
 *       the selected address and {@link #consentExpired} turns true: stop sending. A later valid check
 *       from that address renews it.</li>
 *   <li>ICE restart: {@link #restart()} makes new credentials; checks with the old ones are still answered
 *       (and the old selection kept) until a valid check with the new ones arrives.</li>
 * </ul>
 * Not thread-safe: one agent belongs to the session's loop thread.
 */
public final class IceLiteAgent implements IceAgent {
    /** RFC 7675 §5.1: consent expires 30 s after the last proof of it. */
    public static final long CONSENT_TIMEOUT_NANOS = 30_000_000_000L;
    public static final String DEFAULT_SOFTWARE = "rtc-sip-sidecar";

    private final int component;
    private final List<IceCandidate> candidates;
    private final Random random;
    private final StunCodec codec;
    private final CheckResponder responder;
    private IceGeneration current;
    private IceGeneration previous;
    private InetSocketAddress selected;
    private long lastConsentNanos;
    private StunOutcome lastOutcome;

    /**
     * @param component 1 (RTP, or RTP+RTCP with rtcp-mux) or 2 (RTCP)
     * @param hostAddresses what goes into SDP, in preference order: the interface address and port of this
     *     component's socket, or the advertised public address for 1:1 NAT
     * @param random a SecureRandom outside tests: it makes the credentials
     */
    public IceLiteAgent(int component, List<InetSocketAddress> hostAddresses, Random random) {
        this(component, hostAddresses, random, DEFAULT_SOFTWARE);
    }

    public IceLiteAgent(int component, List<InetSocketAddress> hostAddresses, Random random, String software) {
        this(component, hostAddresses, random, software, IceCredentials.random(random));
    }

    /** @param local the credentials the SDP already carries (decided when the offer or answer was written) */
    public IceLiteAgent(int component, List<InetSocketAddress> hostAddresses, Random random, String software,
            IceCredentials local) {
        if (hostAddresses.isEmpty()) {
            throw new IllegalArgumentException("an ICE-lite agent needs at least one host address");
        }
        this.component = component;
        this.candidates = IceCandidate.hosts(component, hostAddresses);
        this.random = random;
        this.codec = new StunCodec(software);
        this.responder = new CheckResponder(codec);
        this.current = new IceGeneration(local);
    }

    /** RFC 7983: a datagram starting with 0..3 that frames as STUN goes to {@link #handleStun}. */
    public static boolean isStun(byte[] buf, int off, int len) {
        return StunCodec.isStun(buf, off, len);
    }

    public int component() {
        return component;
    }

    /** The credentials to put into SDP now (the newest generation's). */
    public IceCredentials localCredentials() {
        return current.local;
    }

    /**
     * The peer's {@code a=ice-ufrag}/{@code a=ice-pwd} for the newest generation. Until set, any peer ufrag
     * is taken in USERNAME (checks may arrive before the answer's SDP has been processed).
     */
    public void setRemoteCredentials(IceCredentials remote) {
        current.setRemote(remote);
    }

    public List<IceCandidate> candidates() {
        return candidates;
    }

    /** Session-level attribute values (without {@code a=}): {@code ice-lite} (RFC 8839 §5.3). */
    public List<String> sessionAttributes() {
        return List.of("ice-lite");
    }

    /**
     * Media-level attribute values, without {@code a=}: ice-ufrag, ice-pwd, one candidate per host address,
     * end-of-candidates (we know all our candidates up front).
     */
    public List<String> mediaAttributes() {
        return mediaAttributes(current.local, candidates);
    }

    /** The media-level lines for {@code local} credentials and host candidates, as {@link #mediaAttributes()}. */
    public static List<String> mediaAttributes(IceCredentials local, List<IceCandidate> candidates) {
        List<String> attributes = new ArrayList<>(candidates.size() + 3);
        attributes.add("ice-ufrag:" + local.ufrag());
        attributes.add("ice-pwd:" + local.pwd());
        for (IceCandidate candidate : candidates) {
            attributes.add(candidate.format());
        }
        attributes.add("end-of-candidates");
        return attributes;
    }

    /**
     * Handles one received STUN datagram from {@code source}. Returns the length of the answer written at
     * {@code out[outOff]}, to be sent back to {@code source} from the socket it came in on, or 0 when nothing
     * is to be sent. Never throws on content; {@link #lastOutcome()} says what happened.
     */
    public int handleStun(byte[] buf, int off, int len, InetSocketAddress source, long nowNanos, byte[] out,
            int outOff) {
        StunOutcome drop = codec.read(buf, off, len);
        if (drop != null) {
            lastOutcome = drop;
            return 0;
        }
        int type = codec.messageType();
        if (type != StunCodec.BINDING_REQUEST) {
            // A lite agent sends no requests, so no response can be ours; indications need no answer.
            boolean response = type == StunCodec.BINDING_SUCCESS || type == StunCodec.BINDING_ERROR;
            lastOutcome = response ? StunOutcome.DROPPED_UNKNOWN_TRANSACTION : StunOutcome.DROPPED_UNSUPPORTED;
            return 0;
        }
        if (source == null || source.getAddress() == null) {
            lastOutcome = StunOutcome.DROPPED_MALFORMED;
            return 0;
        }
        IceGeneration generation = responder.authenticate(current, previous, out, outOff);
        if (generation == null) {
            lastOutcome = responder.outcome;
            return responder.written;
        }
        if (codec.hasControlled()) {
            // RFC 8445 §6.1.1: against a full agent a lite agent is always controlled and cannot switch
            // (§7.3.1.1 would have us take the controlling role). 487 tells the peer to take it instead.
            responder.reject(487, "Role Conflict", generation.localKey, StunOutcome.REJECTED_ROLE_CONFLICT, out,
                    outOff);
            lastOutcome = responder.outcome;
            return responder.written;
        }
        boolean nominated = codec.hasUseCandidate();
        StunOutcome accepted = nominated ? StunOutcome.CHECK_NOMINATED : StunOutcome.CHECK_ANSWERED;
        if (!responder.answer(source, generation.localKey, accepted, out, outOff)) {
            lastOutcome = responder.outcome;
            return 0;
        }
        accept(generation, source, nominated, nowNanos);
        lastOutcome = accepted;
        return responder.written;
    }

    private void accept(IceGeneration generation, InetSocketAddress source, boolean nominated, long nowNanos) {
        generation.confirmed = true;
        generation.addValidRemote(source);
        if (generation == current) {
            previous = null; // the restart is confirmed: the old credentials stop working
        }
        if (nominated) {
            // RFC 8445 §7.3.1.5: a valid check with USE-CANDIDATE nominates its pair; the latest one wins, as a
            // browser that moves to another network nominates again.
            selected = source;
            lastConsentNanos = nowNanos;
        } else if (source.equals(selected)) {
            lastConsentNanos = nowNanos; // RFC 7675: the peer's checks on the selected pair keep consent
        }
    }

    /** Where media must be sent and the only address it is accepted from once nominated; null before. */
    public InetSocketAddress selectedRemote() {
        return selected;
    }

    /**
     * True if {@code source} may send us media: the selected address, or (before and during nomination, when
     * DTLS can start early) an address that passed a check under credentials we still answer.
     */
    public boolean acceptsFrom(InetSocketAddress source) {
        if (source == null) {
            return false;
        }
        if (source.equals(selected)) {
            return true;
        }
        return current.isValidRemote(source) || previous != null && previous.isValidRemote(source);
    }

    /** RFC 7675 §5.1: nominated, but 30 s without a valid check from the selected address: stop sending. */
    public boolean consentExpired(long nowNanos) {
        return selected != null && nowNanos - lastConsentNanos >= CONSENT_TIMEOUT_NANOS;
    }

    /** True if media may be sent now: a selected address with fresh consent. */
    public boolean maySend(long nowNanos) {
        return selected != null && !consentExpired(nowNanos);
    }

    /** When consent expires unless renewed (meaningful once {@link #selectedRemote()} is set). */
    public long consentDeadlineNanos() {
        return lastConsentNanos + CONSENT_TIMEOUT_NANOS;
    }

    /**
     * ICE restart (RFC 8445 §9): new local credentials for the re-offer or its answer. Checks with the
     * last confirmed credentials are answered until one with the new credentials arrives; the selected
     * address stays until the new generation nominates. Set the peer's new credentials with
     * {@link #setRemoteCredentials} afterwards.
     */
    public IceCredentials restart() {
        return restart(IceCredentials.random(random));
    }

    /** {@link #restart()} with the new credentials already chosen (they went into SDP first). */
    public IceCredentials restart(IceCredentials local) {
        if (current.confirmed) {
            previous = current;
        }
        // An unconfirmed generation never carried media: drop it and keep the last confirmed one answering.
        current = new IceGeneration(local);
        return current.local;
    }

    /** True while an ICE restart waits for its first valid check (old credentials still answered). */
    public boolean restartPending() {
        return previous != null;
    }

    /** What the last {@link #handleStun} call did with its datagram. */
    @Override
    public int handleStun(byte[] buf, int off, int len, InetSocketAddress source, InetSocketAddress local,
            long nowNanos, byte[] out, int outOff) {
        return handleStun(buf, off, len, source, nowNanos, out, outOff);
    }


    public StunOutcome lastOutcome() {
        return lastOutcome;
    }
}
