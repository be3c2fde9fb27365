package org.rtcsip.sidecar.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.ngwire.NgClient;

/**
 * A call set up on the sidecar over ng whose parties stream audio both ways ({@link #tick} every 20 ms), and the
 * sidecar's media ports it uses, each with a way to send from the party that talks to it.
 */
abstract class LiveCall implements AutoCloseable {
    /** A sidecar media port of this call and how to send to it from the legitimate party's own address. */
    interface Target {
        String name();

        InetSocketAddress port();

        void sendFromParty(byte[] datagram) throws IOException;
    }

    final String callId;

    LiveCall(String callId) {
        this.callId = callId;
    }

    /** Both directions' flows. */
    abstract List<Flow> flows();

    /** The sidecar's ports of this call: RTP and RTCP facing each party. */
    abstract List<Target> targets();

    /** Sends the next packet of each flow and counts what arrived. Called from one thread. */
    void tick() throws IOException {
        send();
        drain();
    }

    /** Sends the next packet of each flow. */
    abstract void send() throws IOException;

    /** Counts what arrived for each flow. */
    abstract void drain() throws IOException;

    static Target target(String name, InetSocketAddress port, Party from) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InetSocketAddress port() {
                return port;
            }

            @Override
            public void sendFromParty(byte[] datagram) throws IOException {
                from.send(datagram, port);
            }
        };
    }

    /** The RTP and RTCP ports the sidecar gave a two-party call without rtcp-mux, each sent to from its party. */
    static List<Target> rtpAndRtcpPorts(String call, InetSocketAddress aliceFacing, Party alice,
                                        InetSocketAddress bobFacing, Party bob) {
        return List.of(target(call + ", alice's RTP port", aliceFacing, alice),
                target(call + ", alice's RTCP port", Party.loopback(aliceFacing.getPort() + 1), alice),
                target(call + ", bob's RTP port", bobFacing, bob),
                target(call + ", bob's RTCP port", Party.loopback(bobFacing.getPort() + 1), bob));
    }

    static Map<String, Object> ok(NgClient ng, Map<String, Object> request) throws IOException {
        Map<String, Object> reply = ng.exchange(request);
        if (!"ok".equals(reply.get("result"))) {
            throw new IOException(request.get("command") + " of " + request.get("call-id") + ": " + reply);
        }
        return reply;
    }

    static int mediaPort(Object sdp) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher((String) sdp);
        if (!m.find()) {
            throw new IllegalArgumentException("no m=audio in " + sdp);
        }
        return Integer.parseInt(m.group(1));
    }

    static String plainSdp(String user, int port, String profile, String extra) {
        return "v=0\r\no=" + user + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " " + profile + " 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n" + extra
                + "a=sendrecv\r\n";
    }
}
