package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;

/**
 * The DTLS-SRTP end of one transport (RFC 5763, RFC 5764), sans-IO: it owns no socket and no clock. The caller
 * feeds it the DTLS datagrams its peer sent ({@link #receive}) and the time, fires its timer
 * ({@link #nextTimeoutNanos()}, {@link #onTimeout}), and gets datagrams to send through a {@link DatagramSink}
 * and the outcome through {@link DtlsEvents}: SRTP keys, or a failure with a reason.
 *
 * <p>Threading: not thread-safe; one thread (the session's loop) makes every call, and every output and event
 * is delivered on that thread, inside the call that caused it. Underneath, Bouncy Castle's blocking handshake
 * runs on a thread borrowed from a shared {@link DtlsHandshakeThreads}, in lockstep with the caller (see
 * {@link LockstepTransport}): a call during the handshake blocks while BC processes the input, which for a
 * flight with ECDHE and ECDSA is a few hundred microseconds of CPU, as an inline implementation would spend.
 * The borrowed thread is parked while waiting for the peer and returned when the handshake ends; afterwards
 * everything runs on the caller's thread and SRTP needs no DTLS call at all.
 *
 * <p>Time: retransmissions follow RFC 6347 §4.2.4.1 on the caller's clock ({@code nowNanos}, any monotonic
 * origin): the first flight's timer starts at {@link DtlsOptions#initialRetransmitNanos()}, doubles to
 * {@link DtlsOptions#maxRetransmitNanos()}, and after {@link DtlsOptions#maxRetransmissions()} resends the
 * handshake fails with {@link DtlsFailure.Reason#TIMEOUT}. A retransmission costs about 1 ms of real time inside
 * {@link #onTimeout} (see {@link LockstepTransport}); nothing else depends on the wall clock.
 *
 * <p>Input is never trusted: {@link #receive} never throws; malformed datagrams are counted
 * ({@link #malformedDatagrams()}) and dropped, datagrams the current state cannot use are counted
 * ({@link #ignoredDatagrams()}).
 */
public final class DtlsSrtpEndpoint {

    public enum State {
        /** Built; {@link #start} not called. */
        NEW,
        /** Server role: waiting for the peer's ClientHello (no thread held). */
        AWAITING_CLIENT_HELLO,
        /** Every handshake thread is busy: retried at {@link #nextTimeoutNanos()}; input is queued. */
        WAITING_FOR_THREAD,
        HANDSHAKING,
        /** The peer's certificate arrived before its a=fingerprint: waiting for {@link #setPeerFingerprints}. */
        AWAITING_FINGERPRINT,
        /** Keys delivered; only close_notify and the peer's retransmissions are handled. */
        CONNECTED,
        FAILED,
        CLOSED
    }

    public static final long NO_TIMEOUT = Long.MAX_VALUE;
    /** Datagrams held while no handshake can take them (no thread yet, fingerprint pending). */
    static final int MAX_QUEUED = 32;
    static final long THREAD_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** Records one datagram may carry that we process after the handshake. */
    private static final int MAX_RECORDS_PER_DATAGRAM = 64;

    private final DtlsRole role;
    private final DtlsOptions options;
    private final DtlsHandshakeThreads threads;
    private final DatagramSink sink;
    private final DtlsEvents events;
    private final LockstepTransport transport;
    private final HandshakeState handshake;

    private State state = State.NEW;
    private DTLSTransport association;
    private byte[] applicationBuffer;

    // RFC 6347 §4.2.4.1 retransmission timer, on the caller's clock.
    private long retransmitAt = NO_TIMEOUT;
    private long retransmitInterval;
    private int retransmissionsOfFlight;
    private long fingerprintDeadline = NO_TIMEOUT;
    private long threadRetryAt = NO_TIMEOUT;

    // What we have sent, to tell a new flight from a resend (see forward).
    private int highestMessageSeqSent = -1;
    private boolean sentEncrypted;

    // Outputs gathered during a call and delivered at its end, outside the error handling.
    private final List<byte[]> toSend = new ArrayList<>();
    private Runnable event;

    private long malformedDatagrams;
    private long ignoredDatagrams;
    private long retransmissions;
    private long droppedResends;
    private long applicationRecords;

    /**
     * @param peerFingerprints the peer's {@code a=fingerprint} values, or an empty list if its SDP is not known
     *     yet ({@link #setPeerFingerprints} later)
     */
    public DtlsSrtpEndpoint(DtlsRole role, DtlsCertificate certificate, List<Fingerprint> peerFingerprints,
            DtlsOptions options, DtlsHandshakeThreads threads, DatagramSink sink, DtlsEvents events) {
        this.role = Objects.requireNonNull(role, "role");
        this.options = Objects.requireNonNull(options, "options");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.events = Objects.requireNonNull(events, "events");
        this.transport = new LockstepTransport(options.mtu(), STALL_NANOS, IDLE_NANOS);
        this.handshake = new HandshakeState(role, Objects.requireNonNull(certificate, "certificate"), options,
                transport);
        if (!peerFingerprints.isEmpty()) {
            handshake.peerFingerprints = PeerFingerprints.of(peerFingerprints);
        }
        this.retransmitInterval = options.initialRetransmitNanos();
    }

    /** Client: sends the ClientHello. Server: starts listening for one. */
    public void start(long nowNanos) {
        if (state != State.NEW) {
            throw new IllegalStateException("DTLS endpoint already started (" + state + ")");
        }
        try {
            if (role == DtlsRole.CLIENT) {
                launch(nowNanos);
            } else {
                state = State.AWAITING_CLIENT_HELLO;
            }
        } catch (RuntimeException e) {
            internalFailure(e);
        }
        deliver();
    }

    /**
     * The peer's {@code a=fingerprint} values, when its SDP arrives after the endpoint was built. They are read
     * once, when the peer's certificate arrives; later calls change nothing.
     */
    public void setPeerFingerprints(List<Fingerprint> fingerprints, long nowNanos) {
        if (fingerprints.isEmpty() || handshake.peerFingerprints != null) {
            return;
        }
        handshake.peerFingerprints = PeerFingerprints.of(fingerprints);
        if (state == State.AWAITING_FINGERPRINT) {
            try {
                state = State.HANDSHAKING;
                fingerprintDeadline = NO_TIMEOUT;
                afterStep(transport.step(), false, nowNanos);
            } catch (RuntimeException e) {
                internalFailure(e);
            }
        }
        deliver();
    }

    /** A datagram from the peer that RFC 7983 demultiplexing classed as DTLS (first byte 20..63). */
    public void receive(byte[] buf, int off, int len, long nowNanos) {
        try {
            receiveChecked(buf, off, len, nowNanos);
        } catch (RuntimeException e) {
            internalFailure(e);
        }
        deliver();
    }

    private void receiveChecked(byte[] buf, int off, int len, long nowNanos) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            malformedDatagrams++;
            return;
        }
        int usable = DtlsRecords.wellFormedPrefix(buf, off, len);
        if (usable == 0) {
            malformedDatagrams++;
            return;
        }
        if (usable < len) {
            malformedDatagrams++; // keep the good records, drop the broken tail
        }
        if (state == State.NEW || state == State.FAILED || state == State.CLOSED) {
            ignoredDatagrams++;
            return;
        }
        if (state == State.AWAITING_CLIENT_HELLO && !DtlsRecords.startsWithClientHello(buf, off, usable)) {
            ignoredDatagrams++;
            return;
        }
        byte[] records = keptRecords(buf, off, usable);
        if (records == null) {
            return;
        }
        switch (state) {
            case AWAITING_CLIENT_HELLO -> {
                transport.queue(records);
                launch(nowNanos);
            }
            case WAITING_FOR_THREAD, AWAITING_FINGERPRINT -> {
                if (transport.queued() >= MAX_QUEUED) {
                    ignoredDatagrams++;
                    return;
                }
                transport.queue(records);
            }
            case HANDSHAKING -> {
                transport.queue(records);
                afterStep(transport.step(), false, nowNanos);
            }
            case CONNECTED -> receiveAfterHandshake(records);
            default -> ignoredDatagrams++;
        }
    }

    /**
     * The records of a datagram worth giving Bouncy Castle, copied; null if none. Drops encrypted records too
     * short for the negotiated cipher (Bouncy Castle would fail the association on them, where RFC 6347
     * §4.1.2.7 says to discard) and, after the handshake, application data (no SCTP data channel here).
     */
    private byte[] keptRecords(byte[] buf, int off, int usable) {
        boolean connected = state == State.CONNECTED;
        int min = handshake.minEncryptedBody;
        int kept = 0;
        boolean tooShort = false;
        for (int p = 0; p < usable; p += DtlsRecords.HEADER + DtlsRecords.bodyLength(buf, off + p)) {
            int body = DtlsRecords.bodyLength(buf, off + p);
            if (connected && (buf[off + p] & 0xFF) == DtlsRecords.APPLICATION_DATA) {
                applicationRecords++;
            } else if (DtlsRecords.epochAt(buf, off + p) > 0 && body < min) {
                tooShort = true;
            } else {
                kept += DtlsRecords.HEADER + body;
            }
        }
        if (tooShort) {
            malformedDatagrams++;
        }
        if (kept == usable) {
            return copy(buf, off, usable);
        }
        if (kept == 0) {
            return null;
        }
        byte[] out = new byte[kept];
        int q = 0;
        for (int p = 0; p < usable; p += DtlsRecords.HEADER + DtlsRecords.bodyLength(buf, off + p)) {
            int length = DtlsRecords.HEADER + DtlsRecords.bodyLength(buf, off + p);
            boolean applicationData = connected && (buf[off + p] & 0xFF) == DtlsRecords.APPLICATION_DATA;
            boolean shortEncrypted = DtlsRecords.epochAt(buf, off + p) > 0 && length - DtlsRecords.HEADER < min;
            if (!applicationData && !shortEncrypted) {
                System.arraycopy(buf, off + p, out, q, length);
                q += length;
            }
        }
        return out;
    }

    /** When {@link #onTimeout} wants to be called, on the caller's clock; {@link #NO_TIMEOUT} if never. */
    public long nextTimeoutNanos() {
        return switch (state) {
            case HANDSHAKING -> retransmitAt;
            case AWAITING_FINGERPRINT -> fingerprintDeadline;
            case WAITING_FOR_THREAD -> threadRetryAt;
            default -> NO_TIMEOUT;
        };
    }

    /** Fires whatever timer is due at {@code nowNanos}; calling it early or twice does nothing. */
    public void onTimeout(long nowNanos) {
        try {
            switch (state) {
                case WAITING_FOR_THREAD -> {
                    if (nowNanos - threadRetryAt >= 0) {
                        launch(nowNanos);
                    }
                }
                case AWAITING_FINGERPRINT -> {
                    if (nowNanos - fingerprintDeadline >= 0) {
                        abortHandshake(new DtlsFailure(DtlsFailure.Reason.NO_FINGERPRINT,
                                "the peer's a=fingerprint did not arrive within "
                                        + TimeUnit.NANOSECONDS.toMillis(options.fingerprintWaitNanos()) + " ms"),
                                nowNanos);
                    }
                }
                case HANDSHAKING -> {
                    if (retransmitAt != NO_TIMEOUT && nowNanos - retransmitAt >= 0) {
                        retransmit(nowNanos);
                    }
                }
                default -> {
                }
            }
        } catch (RuntimeException e) {
            internalFailure(e);
        }
        deliver();
    }

    /**
     * Ends the association: after the handshake a close_notify goes out (RFC 5246 §7.2.1); during it a
     * user_canceled and close_notify. No event follows. The handshake thread, if any, is released.
     */
    public void close() {
        try {
            State was = state;
            if (was == State.CLOSED || was == State.FAILED) {
                return;
            }
            state = State.CLOSED;
            clearTimers();
            switch (was) {
                case HANDSHAKING, AWAITING_FINGERPRINT -> {
                    transport.whileParked(this::cancelHandshake);
                    transport.abort("closed locally");
                    transport.step();
                    pack(transport.takeOutbox());
                }
                case CONNECTED -> {
                    try {
                        association.close();
                    } catch (IOException e) {
                        // the close_notify could not be built: nothing to tell the peer
                    }
                    pack(transport.takeOutbox());
                }
                default -> {
                }
            }
            transport.clearQueue();
        } catch (RuntimeException e) {
            // closing must not fail the caller's clean-up
        } finally {
            event = null;
            deliver();
        }
    }

    private void cancelHandshake() {
        if (handshake.closeHandle != null) {
            try {
                handshake.closeHandle.close();
            } catch (IOException e) {
                // nothing more to send
            }
        }
    }

    // ---- the handshake ----

    private void launch(long nowNanos) {
        LockstepTransport.Step step = transport.start(threads, this::runHandshake);
        if (step == LockstepTransport.Step.NO_THREAD) {
            state = State.WAITING_FOR_THREAD;
            threadRetryAt = nowNanos + THREAD_RETRY_NANOS;
            return;
        }
        threadRetryAt = NO_TIMEOUT;
        state = State.HANDSHAKING;
        afterStep(step, false, nowNanos);
    }

    /** On the handshake thread. */
    private void runHandshake() {
        try {
            if (role == DtlsRole.CLIENT) {
                handshake.association = new DTLSClientProtocol().connect(new SrtpTlsClient(handshake), transport);
            } else {
                DTLSServerProtocol server = new DTLSServerProtocol();
                // RFC 6347 §4.2.1 cookies guard against spoofed sources; ICE checks (RFC 8445 §7.2) have
                // already proved the peer's address, so skip the extra round trip, as browsers do.
                server.setVerifyRequests(false);
                handshake.association = server.accept(new SrtpTlsServer(handshake), transport);
            }
        } catch (Throwable e) {
            handshake.error = e;
        }
    }

    private void retransmit(long nowNanos) {
        if (retransmissionsOfFlight >= options.maxRetransmissions()) {
            abortHandshake(new DtlsFailure(DtlsFailure.Reason.TIMEOUT, "no answer from the peer after "
                    + retransmissionsOfFlight + " retransmissions"), nowNanos);
            return;
        }
        transport.requestTimeout();
        LockstepTransport.Step step = transport.step();
        retransmissionsOfFlight++;
        retransmissions++;
        // RFC 6347 §4.2.4.1: double the timer on each retransmission, up to the maximum.
        retransmitInterval = Math.min(retransmitInterval * 2, options.maxRetransmitNanos());
        retransmitAt = nowNanos + retransmitInterval;
        afterStep(step, true, nowNanos);
    }

    private void afterStep(LockstepTransport.Step step, boolean resend, long nowNanos) {
        boolean newFlight = forward(transport.takeOutbox(), resend);
        switch (step) {
            case EXITED -> finishHandshake();
            case ABANDONED -> fail(new DtlsFailure(DtlsFailure.Reason.INTERNAL_ERROR,
                    "DTLS handshake thread stalled; endpoint abandoned"));
            case PARKED -> {
                if (transport.awaitingFingerprints()) {
                    if (state != State.AWAITING_FINGERPRINT) {
                        state = State.AWAITING_FINGERPRINT;
                        fingerprintDeadline = nowNanos + options.fingerprintWaitNanos();
                    }
                    retransmitAt = NO_TIMEOUT; // BC is not in a receive: it cannot resend until it resumes
                    return;
                }
                state = State.HANDSHAKING;
                if (newFlight) {
                    // RFC 6347 §4.2.4: a new flight restarts the timer from its initial value.
                    retransmissionsOfFlight = 0;
                    retransmitInterval = options.initialRetransmitNanos();
                    retransmitAt = nowNanos + retransmitInterval;
                } else if (retransmitAt == NO_TIMEOUT && highestMessageSeqSent >= 0) {
                    retransmitAt = nowNanos + retransmitInterval; // resumed after a fingerprint wait
                }
            }
            default -> throw new IllegalStateException("unexpected step " + step);
        }
    }

    /**
     * Passes what BC sent on to the sink, except resends BC made on its own: its resend timer is always
     * expired (see {@link LockstepTransport}), so after any record that gives it no new handshake message it
     * resends its flight. Only resends the endpoint's timer asked for ({@code resend}) go out. A record is new
     * if it carries a handshake message_seq above any sent before this step (RFC 6347 §4.2.2), or is the first
     * encrypted record (the Finished) with the ChangeCipherSpec before it; alerts always go.
     *
     * @return whether a new flight went out
     */
    private boolean forward(List<byte[]> records, boolean resend) {
        int seqBefore = highestMessageSeqSent;
        boolean encryptedBefore = sentEncrypted;
        boolean newFlight = false;
        List<byte[]> kept = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i);
            int type = DtlsRecords.contentType(r);
            boolean send;
            if (resend || type == DtlsRecords.ALERT) {
                send = true;
            } else if (DtlsRecords.epoch(r) > 0) {
                send = !encryptedBefore;
            } else if (type == DtlsRecords.HANDSHAKE) {
                send = DtlsRecords.messageSeq(r) > seqBefore;
            } else if (type == DtlsRecords.CHANGE_CIPHER_SPEC) {
                send = i + 1 < records.size() && DtlsRecords.epoch(records.get(i + 1)) > 0 && !encryptedBefore;
            } else {
                send = true;
            }
            if (!send) {
                droppedResends++;
                continue;
            }
            kept.add(r);
            if (type != DtlsRecords.ALERT) {
                newFlight |= !resend;
                highestMessageSeqSent = Math.max(highestMessageSeqSent, DtlsRecords.messageSeq(r));
                sentEncrypted |= DtlsRecords.epoch(r) > 0;
            }
        }
        pack(kept);
        return newFlight;
    }

    /**
     * Puts consecutive records into as few datagrams as the MTU allows (RFC 6347 §4.1.1 allows several records
     * per datagram), as browsers do. Bouncy Castle sends one record per datagram; with a flight in one
     * datagram, a receiver cannot get the ChangeCipherSpec of a flight while missing its earlier messages,
     * which Bouncy Castle (switching epoch at the ChangeCipherSpec) could not recover from.
     */
    private void pack(List<byte[]> records) {
        int i = 0;
        while (i < records.size()) {
            int end = i;
            int length = 0;
            while (end < records.size() && (end == i || length + records.get(end).length <= options.mtu())) {
                length += records.get(end).length;
                end++;
            }
            if (end == i + 1) {
                toSend.add(records.get(i));
            } else {
                byte[] datagram = new byte[length];
                int p = 0;
                for (int k = i; k < end; k++) {
                    byte[] r = records.get(k);
                    System.arraycopy(r, 0, datagram, p, r.length);
                    p += r.length;
                }
                toSend.add(datagram);
            }
            i = end;
        }
    }

    private void finishHandshake() {
        clearTimers();
        if (state == State.CLOSED) {
            return;
        }
        if (handshake.association != null && handshake.keys != null) {
            association = handshake.association;
            transport.enterAfterHandshake();
            state = State.CONNECTED;
            DtlsSrtpKeys keys = handshake.keys;
            event = () -> events.handshakeCompleted(keys);
        } else {
            fail(handshake.failure());
        }
    }

    /** Ends the handshake from the caller's side (timer ran out): BC is made to throw and sends its alert. */
    private void abortHandshake(DtlsFailure failure, long nowNanos) {
        handshake.recordFailure(failure);
        transport.abort(failure.detail());
        afterStep(transport.step(), false, nowNanos);
        if (state != State.FAILED) {
            fail(failure);
        }
    }

    private void fail(DtlsFailure failure) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        state = State.FAILED;
        clearTimers();
        transport.clearQueue();
        event = () -> events.handshakeFailed(failure);
    }

    private void internalFailure(RuntimeException e) {
        if (state == State.CONNECTED) {
            state = State.CLOSED;
            event = () -> events.closedByPeer("internal error: " + e);
            return;
        }
        handshake.recordFailure(new DtlsFailure(DtlsFailure.Reason.INTERNAL_ERROR, e.toString()));
        transport.abort("internal error");
        try {
            transport.step(); // lets a parked handshake thread end now rather than at its idle limit
            transport.takeOutbox();
        } catch (RuntimeException ignored) {
            // already failing
        }
        fail(handshake.failure());
    }

    private void clearTimers() {
        retransmitAt = NO_TIMEOUT;
        fingerprintDeadline = NO_TIMEOUT;
        threadRetryAt = NO_TIMEOUT;
    }

    // ---- after the handshake, on the caller's thread ----

    private void receiveAfterHandshake(byte[] datagram) {
        transport.queue(datagram);
        if (applicationBuffer == null) {
            applicationBuffer = new byte[LockstepTransport.RECEIVE_LIMIT];
        }
        String closedBecause = null;
        for (int i = 0; i < MAX_RECORDS_PER_DATAGRAM; i++) {
            try {
                // BC handles what matters here: the peer resending its last flight (RFC 6347 §4.2.4: we
                // resend ours) and alerts. Application data was dropped before (keptRecords).
                association.receive(applicationBuffer, 0, applicationBuffer.length, 1);
            } catch (InterruptedIOException e) {
                break; // everything queued is consumed
            } catch (IOException e) {
                String alert = handshake.fatalAlertReceived();
                closedBecause = alert != null ? "fatal alert " + alert : "DTLS error: " + e.getMessage();
                break;
            }
            if (handshake.closeNotifyReceived) {
                break;
            }
        }
        if (closedBecause == null && handshake.closeNotifyReceived) {
            closedBecause = "close_notify";
        }
        transport.clearQueue();
        pack(transport.takeOutbox()); // BC's answers here are wanted: resent flight, close_notify reply
        if (closedBecause != null) {
            state = State.CLOSED;
            String reason = closedBecause;
            event = () -> events.closedByPeer(reason);
        }
    }

    private void deliver() {
        for (int i = 0; i < toSend.size(); i++) {
            byte[] d = toSend.get(i);
            sink.send(d, 0, d.length);
        }
        toSend.clear();
        Runnable e = event;
        event = null;
        if (e != null) {
            e.run();
        }
    }

    private static byte[] copy(byte[] buf, int off, int len) {
        byte[] c = new byte[len];
        System.arraycopy(buf, off, c, 0, len);
        return c;
    }

    // ---- observation ----

    public State state() {
        return state;
    }

    public DtlsRole role() {
        return role;
    }

    /** Datagrams that were not DTLS records, or had a broken record after good ones. */
    public long malformedDatagrams() {
        return malformedDatagrams;
    }

    /** Well-formed datagrams the state had no use for (before start, after the end, queue full, not a ClientHello). */
    public long ignoredDatagrams() {
        return ignoredDatagrams;
    }

    /** Flights resent because the timer fired. */
    public long retransmissions() {
        return retransmissions;
    }

    /** Records of resends BC made on its own, not sent (see {@link LockstepTransport}). */
    public long droppedResends() {
        return droppedResends;
    }

    /** Application-data records after the handshake, dropped unread (no SCTP data channel here). */
    public long applicationRecords() {
        return applicationRecords;
    }
}
