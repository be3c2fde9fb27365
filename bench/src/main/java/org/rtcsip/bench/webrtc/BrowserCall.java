package org.rtcsip.bench.webrtc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.rtcsip.bench.media.ScenarioUnsupportedException;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.ngwire.NgRefusedException;
import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsEvents;
import org.rtcsip.sidecar.dtls.DtlsFailure;
import org.rtcsip.sidecar.dtls.DtlsHandshakeThreads;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.DtlsSrtpEndpoint;
import org.rtcsip.sidecar.dtls.DtlsSrtpKeys;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.StunCodec;
import org.rtcsip.sidecar.ice.StunOutcome;

/**
 * One browser call through the ng server, as far as the DTLS-SRTP keys: the browser's offer (Kamailio's
 * {@code offer} with {@link #OFFER_FLAGS}), the callee's PCMU answer ({@code answer} with {@link #ANSWER_FLAGS}),
 * the browser's ICE (a controlling full agent nominating at once, and answering the server's own checks), the
 * DTLS 1.2 handshake in the role the server's a=setup leaves the browser, then close_notify and {@code delete}.
 * Blocking, on the calling thread; every wait bounded by the call's deadline.
 */
final class BrowserCall {
    /**
     * kamailio.cfg route[MEDIA] (conf-samples), an INVITE from a browser over WebSocket towards SIP: plain RTP
     * towards the callee.
     */
    static final String OFFER_FLAGS = "replace-origin replace-session-connection trust-address"
            + " rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";
    /**
     * The same route for the callee's 200 OK (over UDP, towards the browser): ICE, DTLS-SRTP, rtcp-mux. No DTLS
     * role flag: the server answers the browser's actpass as it likes (both say active).
     */
    static final String ANSWER_FLAGS = "replace-origin replace-session-connection trust-address"
            + " rtcp-mux-offer rtcp-mux-require generate-mid SDES-off ICE=force UDP/TLS/RTP/SAVPF";

    private static final String SIP_SOURCE = "127.0.0.1";
    /** RFC 8445 §5.1.2.1 priority of a host candidate on the first interface, as Chromium's. */
    private static final long CHECK_PRIORITY = 1853824767L;
    private static final long FIRST_CHECK_RTO_NANOS = 100_000_000L;
    private static final long MAX_CHECK_RTO_NANOS = 1_600_000_000L;
    /** RFC 5389 §15.10 SOFTWARE of the generator's STUN messages. */
    private static final String SOFTWARE = "rtc-sip-sidecar bench browser";
    private static final int MAX_STUN = 1280;

    /** What happened to one call. */
    record Outcome(boolean completed, long keysAtNanos, long handshakeNanos, long dtlsNanos, String failureLabel,
            String failureDetail, String serverSetup, String suite, int serverChecks, boolean iceAnswered) {

        static Outcome failed(String label, String detail) {
            return new Outcome(false, 0, 0, 0, label, detail, null, null, 0, false);
        }
    }

    private final DtlsCertificate certificate;
    private final DtlsOptions options;
    private final DtlsHandshakeThreads threads;
    private final Random random;
    private final long deadlineNanos;
    private final String answerFlags;

    /**
     * @param deadlineNanos how long one call may take from its offer to its SRTP keys before it counts as a
     *     timeout
     */
    BrowserCall(DtlsCertificate certificate, DtlsOptions options, DtlsHandshakeThreads threads, Random random,
            long deadlineNanos) {
        this(certificate, options, threads, random, deadlineNanos, ANSWER_FLAGS);
    }

    /** With other answer flags, e.g. {@code DTLS=passive} to make the browser the DTLS client. */
    BrowserCall(DtlsCertificate certificate, DtlsOptions options, DtlsHandshakeThreads threads, Random random,
            long deadlineNanos, String answerFlags) {
        this.answerFlags = answerFlags;
        this.certificate = certificate;
        this.options = options;
        this.threads = threads;
        this.random = random;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Runs call {@code callId} to the end (delete included) and says how it went.
     *
     * @throws ScenarioUnsupportedException the server's answer shows it does not terminate DTLS-SRTP
     */
    Outcome run(NgClient client, String callId) throws ScenarioUnsupportedException {
        long start = System.nanoTime();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket browser = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket callee = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            IceCredentials ours = IceCredentials.random(random);
            String offerSdp = BrowserSdp.offer(browser.getLocalPort(), random.nextLong() & Long.MAX_VALUE, ours.ufrag(),
                    ours.pwd(), certificate.fingerprint(), random.nextInt() & 0xFFFFFFFFL);
            Map<String, Object> offer = KamailioRequest.build("offer", OFFER_FLAGS, offerSdp, callId, "browser", null,
                    SIP_SOURCE);
            try {
                client.request(offer);
            } catch (NgRefusedException e) {
                return Outcome.failed("ng offer refused", e.getMessage());
            }
            Map<String, Object> answer = KamailioRequest.build("answer", answerFlags,
                    BrowserSdp.calleeAnswer(callee.getLocalPort(), random.nextLong() & Long.MAX_VALUE), callId,
                    "browser", "callee", SIP_SOURCE);
            BrowserSdp.ServerAnswer server;
            try {
                String sdp = (String) client.request(answer).get("sdp");
                if (sdp == null) {
                    return ended(client, callId, Outcome.failed("answer unusable", "answer reply without sdp"));
                }
                server = BrowserSdp.readAnswer(sdp);
            } catch (NgRefusedException e) {
                return ended(client, callId, Outcome.failed("ng answer refused", e.getMessage()));
            } catch (ScenarioUnsupportedException e) {
                delete(client, callId);
                throw e;
            }
            Outcome o = handshake(browser, ours, server, start);
            return ended(client, callId, o);
        } catch (IOException e) {
            return Outcome.failed("ng or socket error", e.getMessage());
        }
    }

    /** ICE and DTLS until keys, failure or the deadline. */
    private Outcome handshake(DatagramSocket socket, IceCredentials ours, BrowserSdp.ServerAnswer server, long start)
            throws IOException {
        long answered = System.nanoTime();
        long deadline = start + deadlineNanos;
        DtlsRole role = server.browserIsDtlsClient() ? DtlsRole.CLIENT : DtlsRole.SERVER;
        Events events = new Events();
        InetSocketAddress to = server.media();
        long[] firstDtls = {0};
        DtlsSrtpEndpoint dtls = new DtlsSrtpEndpoint(role, certificate, server.fingerprints(), options, threads,
                (buf, off, len) -> {
                    if (firstDtls[0] == 0) {
                        firstDtls[0] = System.nanoTime();
                    }
                    send(socket, buf, off, len, to);
                }, events);
        boolean iceNeeded = server.hasIce();
        boolean iceAnswered = false;
        byte[] transaction = new byte[12];
        random.nextBytes(transaction);
        // media-sidecar's STUN codec (ice4j's messages) speaks the browser's side too: one codec in the repository
        StunCodec stun = new StunCodec(SOFTWARE);
        byte[] check = iceNeeded ? check(stun, transaction, server.iceUfrag() + ":" + ours.ufrag(), random.nextLong(),
                server.icePwd().getBytes(StandardCharsets.US_ASCII)) : null;
        long nextCheck = answered;
        long rto = FIRST_CHECK_RTO_NANOS;
        int serverChecks = 0;
        if (role == DtlsRole.SERVER || !iceNeeded) {
            // passive: wait for the ClientHello; active without ICE: nothing to wait for (RFC 5763 §5)
            dtls.start(answered);
        }
        byte[] buf = new byte[2048];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        String stage = iceNeeded ? "ICE check" : "DTLS";
        try {
            while (events.keys == null && events.failure == null) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    return Outcome.failed("timeout", "no SRTP keys " + ms(now - start) + " ms after the offer"
                            + " (waiting for: " + stage + (iceNeeded && !iceAnswered ? ", no answer to "
                            + "our STUN check" : "") + ", DTLS " + dtls.state() + ", " + serverChecks
                            + " server checks answered)");
                }
                if (iceNeeded && !iceAnswered && now - nextCheck >= 0) {
                    send(socket, check, 0, check.length, to); // RFC 5389 §7.2.1: same transaction resent
                    nextCheck = now + rto;
                    rto = Math.min(2 * rto, MAX_CHECK_RTO_NANOS);
                }
                long dtlsDue = dtls.nextTimeoutNanos();
                if (dtlsDue != DtlsSrtpEndpoint.NO_TIMEOUT && now - dtlsDue >= 0) {
                    dtls.onTimeout(now);
                    continue;
                }
                long wake = deadline;
                if (iceNeeded && !iceAnswered && nextCheck - wake < 0) {
                    wake = nextCheck;
                }
                if (dtlsDue != DtlsSrtpEndpoint.NO_TIMEOUT && dtlsDue - wake < 0) {
                    wake = dtlsDue;
                }
                socket.setSoTimeout((int) Math.max(1, (wake - now + 999_999) / 1_000_000));
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                now = System.nanoTime();
                int first = buf[0] & 0xFF;
                StunOutcome unreadable = first <= 3 ? stun.read(buf, 0, in.getLength()) : StunOutcome.DROPPED_NOT_STUN;
                if (unreadable != StunOutcome.DROPPED_NOT_STUN) { // RFC 7983 §7: first byte 0..3 and the cookie
                    if (unreadable != null) {
                        return Outcome.failed("ICE: malformed STUN from the server", unreadable.label());
                    }
                    InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
                    if (stun.messageType() == StunCodec.BINDING_REQUEST) {
                        // The server's own check (a full agent such as rtpengine): answer as the browser would.
                        String user = stun.username();
                        if (user == null || !user.startsWith(ours.ufrag() + ":")
                                || !stun.integrityMatches(ours.key())) {
                            return Outcome.failed("ICE: server check not authenticated", "USERNAME " + user
                                    + " or MESSAGE-INTEGRITY does not match our ice-ufrag/ice-pwd");
                        }
                        byte[] reply = answer(stun, from, ours.key());
                        send(socket, reply, 0, reply.length, from);
                        serverChecks++;
                    } else if (Arrays.equals(stun.transactionId(), transaction)) {
                        if (stun.messageType() != StunCodec.BINDING_SUCCESS) {
                            return Outcome.failed("ICE: check refused", String.format("response type 0x%04X",
                                    stun.messageType()));
                        }
                        if (!stun.integrityMatches(server.icePwd().getBytes(StandardCharsets.US_ASCII))) {
                            return Outcome.failed("ICE: check answer not authenticated",
                                    "MESSAGE-INTEGRITY does not match the server's ice-pwd");
                        }
                        if (!iceAnswered) {
                            iceAnswered = true;
                            stage = "DTLS";
                            if (dtls.state() == DtlsSrtpEndpoint.State.NEW) {
                                dtls.start(now); // active: Chromium starts DTLS once ICE is connected
                            }
                        }
                    }
                } else if (first >= 20 && first <= 63) { // RFC 7983 §7: DTLS
                    if (firstDtls[0] == 0) {
                        firstDtls[0] = now;
                    }
                    dtls.receive(buf, 0, in.getLength(), now);
                }
                // RTP/RTCP (128..191) and anything else: nothing to do for a handshake
            }
            if (events.failure != null) {
                DtlsFailure f = events.failure;
                return Outcome.failed("DTLS " + f.reason().label(), f.detail());
            }
            long keysAt = events.keysAt;
            return new Outcome(true, keysAt, keysAt - answered, keysAt - firstDtls[0], null, null, server.setup(),
                    events.keys.suite().sdpName(), serverChecks, iceAnswered);
        } finally {
            dtls.close(); // close_notify (RFC 5246 §7.2.1), as a browser closing its peer connection
        }
    }

    /**
     * A connectivity check as the controlling browser sends it (RFC 8445 §7.2.2, §8.1.1 aggressive nomination as
     * Chromium did for years): USERNAME {@code "serverUfrag:ourUfrag"}, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
     * signed with the server's ice-pwd.
     */
    static byte[] check(StunCodec stun, byte[] transactionId, String username, long tieBreaker, byte[] serverPassword) {
        Request request = StunCodec.bindingRequest(username, CHECK_PRIORITY, true, tieBreaker, true);
        return encode(stun, request, transactionId, serverPassword);
    }

    /**
     * RFC 8445 §7.3.1.2: the answer to the server's check {@code stun} read last, XOR-MAPPED-ADDRESS = its source,
     * signed with our ice-pwd.
     */
    static byte[] answer(StunCodec stun, InetSocketAddress source, byte[] ourPassword) {
        return encode(stun, stun.successResponse(source), stun.transactionId(), ourPassword);
    }

    /** {@code message} with SOFTWARE, MESSAGE-INTEGRITY under {@code key} and FINGERPRINT (RFC 5389 §15). */
    private static byte[] encode(StunCodec stun, Message message, byte[] transactionId, byte[] key) {
        byte[] out = new byte[MAX_STUN];
        int length = stun.write(message, transactionId, key, out, 0);
        if (length < 0) {
            throw new IllegalStateException("a STUN message longer than " + MAX_STUN + " bytes");
        }
        return Arrays.copyOf(out, length);
    }

    private Outcome ended(NgClient client, String callId, Outcome o) {
        String failed = delete(client, callId);
        if (failed != null && o.completed()) {
            return Outcome.failed("ng delete failed", failed);
        }
        return o;
    }

    /** The BYE's delete; null if it went through, else why not. */
    private static String delete(NgClient client, String callId) {
        try {
            client.request(KamailioRequest.build("delete", "", null, callId, "browser", null, SIP_SOURCE));
            return null;
        } catch (IOException | NgRefusedException e) {
            return e.getMessage();
        }
    }

    private static void send(DatagramSocket socket, byte[] buf, int off, int len, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(buf, off, len, to));
        } catch (IOException e) {
            // a lost datagram: the retransmission timers deal with it, as with loss on the wire
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The endpoint's events, on this thread, inside its calls. */
    private static final class Events implements DtlsEvents {
        DtlsSrtpKeys keys;
        long keysAt;
        DtlsFailure failure;

        @Override
        public void handshakeCompleted(DtlsSrtpKeys k) {
            keys = k;
            keysAt = System.nanoTime();
        }

        @Override
        public void handshakeFailed(DtlsFailure f) {
            failure = f;
        }

        @Override
        public void closedByPeer(String reason) {
            if (keys == null && failure == null) {
                failure = new DtlsFailure(DtlsFailure.Reason.ALERT_RECEIVED, "closed by the server: " + reason);
            }
        }
    }
}
