package org.rtcsip.bench.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rtcsip.bench.media.CallSignalling;
import org.rtcsip.ngwire.NgRefusedException;

/**
 * Calls set up through a real Kamailio running the shipped conf-samples/kamailio/kamailio.cfg, with SIP over UDP, the
 * generator playing both user agents: the caller's INVITE carries the offer, the cfg's {@code rtpengine_manage()}
 * takes it to a node of its rtpengine set (by weight; the next node on a {@code load limit} answer or a timeout) and
 * forwards the rewritten INVITE to the callee; the callee's 200 OK carries the answer back; the caller's BYE ends it.
 * The ng flags are the cfg's own (plain RTP on both sides: {@code replace-origin replace-session-connection
 * trust-address}), not the scenario's: only passthrough-pcmu means the same through Kamailio as straight over ng.
 *
 * <p>One request at a time (the fleet sets calls up one after another); messages of other calls (a retransmitted
 * INVITE, a late ACK) are skipped. A refusal (Kamailio's 503 when no node took the offer) is an
 * {@link NgRefusedException}, as an ng error is.
 */
public final class SipSignalling implements CallSignalling {
    private static final long WAIT_NANOS = 4_000_000_000L;

    private final InetSocketAddress proxy;
    private final DatagramChannel uac;
    private final DatagramChannel uas;
    private final int uacPort;
    private final int uasPort;
    private final ByteBuffer in = ByteBuffer.allocate(65_535);
    private final Map<String, Dialog> dialogs = new HashMap<>();
    private SipMessage pendingInvite;
    private InetSocketAddress pendingInviteFrom;
    private long lastRoundTrip;
    private int branch;

    /** The caller's view of an established call: where its in-dialog requests go. */
    private record Dialog(String requestUri, List<String> routes, String to, String from) {
    }

    public SipSignalling(InetSocketAddress kamailio) throws IOException {
        this.proxy = kamailio;
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.uac = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        this.uas = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        uac.configureBlocking(false);
        uas.configureBlocking(false);
        this.uacPort = uac.socket().getLocalPort();
        this.uasPort = uas.socket().getLocalPort();
    }

    @Override
    public String offer(String callId, String fromTag, String flags, String callerSdp)
            throws IOException, NgRefusedException {
        long start = System.nanoTime();
        String invite = "INVITE sip:callee@127.0.0.1:" + uasPort + " SIP/2.0\r\n"
                + via() + "Max-Forwards: 70\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=" + fromTag + "\r\n"
                + "To: <sip:callee@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + uacPort + ">\r\n"
                + body(callerSdp);
        send(uac, invite, proxy);
        long deadline = start + WAIT_NANOS;
        while (true) {
            SipMessage m = receive(uas, deadline, callId, "INVITE");
            if (m != null) {
                pendingInvite = m;
                pendingInviteFrom = lastFrom;
                lastRoundTrip = System.nanoTime() - start;
                return m.body();
            }
            SipMessage refusal = receive(uac, System.nanoTime(), callId, null);
            if (refusal != null && refusal.status() >= 300) {
                throw new NgRefusedException("error", "Kamailio answered the INVITE " + refusal.status() + " "
                        + refusal.reason());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the INVITE of " + callId + " did not reach the callee through Kamailio within "
                        + WAIT_NANOS / 1_000_000 + " ms");
            }
        }
    }

    @Override
    public String answer(String callId, String fromTag, String toTag, String flags, String calleeSdp)
            throws IOException, NgRefusedException {
        SipMessage invite = pendingInvite;
        if (invite == null || !callId.equals(invite.header("call-id"))) {
            throw new IOException("no INVITE of " + callId + " to answer");
        }
        long start = System.nanoTime();
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String v : invite.headers("via")) {
            ok.append("Via: ").append(v).append("\r\n");
        }
        for (String rr : invite.headers("record-route")) {
            ok.append("Record-Route: ").append(rr).append("\r\n");
        }
        ok.append("From: ").append(invite.header("from")).append("\r\n")
                .append("To: ").append(invite.header("to")).append(";tag=").append(toTag).append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(invite.header("cseq")).append("\r\n")
                .append("Contact: <sip:callee@127.0.0.1:").append(uasPort).append(">\r\n")
                .append(body(calleeSdp));
        send(uas, ok.toString(), pendingInviteFrom);
        pendingInvite = null;
        SipMessage answer = awaitFinal(uac, callId, "INVITE", start + WAIT_NANOS);
        if (answer.status() != 200) {
            throw new NgRefusedException("error", "Kamailio answered " + answer.status() + " " + answer.reason());
        }
        List<String> routes = new ArrayList<>(answer.headers("record-route"));
        java.util.Collections.reverse(routes); // the caller's route set: Record-Route read backwards
        String contact = uriOf(answer.header("contact"));
        Dialog d = new Dialog(contact, routes, answer.header("to"), answer.header("from"));
        dialogs.put(callId, d);
        send(uac, inDialog("ACK", 1, callId, d, ""), proxy);
        lastRoundTrip = System.nanoTime() - start;
        return answer.body();
    }

    @Override
    public void delete(String callId, String fromTag) throws IOException, NgRefusedException {
        Dialog d = dialogs.remove(callId);
        if (d == null) {
            return; // never answered: nothing was established to end
        }
        long start = System.nanoTime();
        send(uac, inDialog("BYE", 2, callId, d, ""), proxy);
        long deadline = start + WAIT_NANOS;
        SipMessage bye = receive(uas, deadline, callId, "BYE");
        if (bye != null) {
            StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
            for (String v : bye.headers("via")) {
                ok.append("Via: ").append(v).append("\r\n");
            }
            ok.append("From: ").append(bye.header("from")).append("\r\n")
                    .append("To: ").append(bye.header("to")).append("\r\n")
                    .append("Call-ID: ").append(callId).append("\r\n")
                    .append("CSeq: ").append(bye.header("cseq")).append("\r\n")
                    .append("Content-Length: 0\r\n\r\n");
            send(uas, ok.toString(), lastFrom);
        }
        SipMessage answer = awaitFinal(uac, callId, "BYE", deadline);
        lastRoundTrip = System.nanoTime() - start;
        if (answer.status() >= 300) {
            throw new NgRefusedException("error", "BYE answered " + answer.status() + " " + answer.reason());
        }
    }

    @Override
    public long lastRoundTripNanos() {
        return lastRoundTrip;
    }

    @Override
    public void close() {
        try {
            uac.close();
            uas.close();
        } catch (IOException e) {
            // closing
        }
    }

    private String via() {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + uacPort + ";branch=z9hG4bK-bench-" + (++branch) + ";rport\r\n";
    }

    private String inDialog(String method, int cseq, String callId, Dialog d, String content) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(d.requestUri()).append(" SIP/2.0\r\n")
                .append(via()).append("Max-Forwards: 70\r\n");
        for (String r : d.routes()) {
            sb.append("Route: ").append(r).append("\r\n");
        }
        return sb.append("From: ").append(d.from()).append("\r\n")
                .append("To: ").append(d.to()).append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append(body(content)).toString();
    }

    private static String body(String sdp) {
        byte[] b = sdp.getBytes(StandardCharsets.UTF_8);
        return (b.length > 0 ? "Content-Type: application/sdp\r\n" : "") + "Content-Length: " + b.length + "\r\n\r\n"
                + sdp;
    }

    private static String uriOf(String nameAddr) {
        int lt = nameAddr.indexOf('<');
        int gt = nameAddr.indexOf('>');
        return lt >= 0 && gt > lt ? nameAddr.substring(lt + 1, gt) : nameAddr.split(";")[0].trim();
    }

    /** The final answer (2xx-6xx) to this call's {@code method} on the caller's socket; provisional ones skipped. */
    private SipMessage awaitFinal(DatagramChannel ch, String callId, String method, long deadline) throws IOException {
        while (true) {
            SipMessage m = receive(ch, deadline, callId, null);
            if (m == null) {
                throw new IOException("no final answer to " + method + " of " + callId + " through Kamailio");
            }
            if (m.status() >= 200 && m.header("cseq").toUpperCase(Locale.ROOT).endsWith(method)) {
                return m;
            }
        }
    }

    private InetSocketAddress lastFrom;

    /**
     * The next message of {@code callId} on {@code ch} (a request of {@code method}, or any response when method is
     * null) before {@code deadline}; null when none came.
     */
    private SipMessage receive(DatagramChannel ch, long deadline, String callId, String method) throws IOException {
        while (true) {
            in.clear();
            InetSocketAddress from = (InetSocketAddress) ch.receive(in);
            if (from == null) {
                if (System.nanoTime() >= deadline) {
                    return null;
                }
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                continue;
            }
            SipMessage m = SipMessage.parse(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
            if (m == null || !callId.equals(m.header("call-id"))) {
                continue;
            }
            if (method == null ? m.status() > 0 : method.equals(m.method())) {
                lastFrom = from;
                return m;
            }
        }
    }

    private static void send(DatagramChannel ch, String message, InetSocketAddress to) throws IOException {
        ch.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), to);
    }
}
