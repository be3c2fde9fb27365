package org.rtcsip.sidecar.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A test endpoint with an RTP and an RTCP socket on loopback, speaking raw bytes. */
public final class RtpParty implements AutoCloseable {
    public final DatagramSocket rtp;
    public final DatagramSocket rtcp;

    public RtpParty() throws IOException {
        DatagramSocket r = null;
        DatagramSocket c = null;
        // an even/odd pair, as SIP endpoints use
        for (int attempt = 0; attempt < 50 && c == null; attempt++) {
            r = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            if (r.getLocalPort() % 2 == 0) {
                try {
                    c = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            r.getLocalPort() + 1));
                } catch (IOException e) {
                    r.close();
                }
            } else {
                r.close();
            }
        }
        if (c == null) {
            throw new IOException("no even/odd port pair on loopback");
        }
        this.rtp = r;
        this.rtcp = c;
        rtp.setSoTimeout(1000);
        rtcp.setSoTimeout(1000);
    }

    public int port() {
        return rtp.getLocalPort();
    }

    public static byte[] rtpPacket(int pt, int seq, long ts, int ssrc, int payloadBytes) {
        byte[] p = new byte[12 + payloadBytes];
        p[0] = (byte) 0x80;
        p[1] = (byte) pt;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 7 + seq);
        }
        return p;
    }

    /** An RTCP RR with one report block (RFC 3550 §6.4.2). */
    public static byte[] receiverReport(int ssrc, int aboutSsrc, int cumulativeLost) {
        byte[] p = new byte[32];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        p[3] = 7;
        putInt(p, 4, ssrc);
        putInt(p, 8, aboutSsrc);
        putInt(p, 12, cumulativeLost & 0xffffff);
        return p;
    }

    private static void putInt(byte[] p, int o, int v) {
        p[o] = (byte) (v >> 24);
        p[o + 1] = (byte) (v >> 16);
        p[o + 2] = (byte) (v >> 8);
        p[o + 3] = (byte) v;
    }

    public void send(DatagramSocket from, byte[] data, InetSocketAddress to) throws IOException {
        from.send(new DatagramPacket(data, data.length, to));
    }

    /** The next datagram on {@code socket}, or null after its timeout. */
    public static DatagramPacket receive(DatagramSocket socket) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return p;
    }

    public static byte[] bytes(DatagramPacket p) {
        return Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    }

    @Override
    public void close() {
        rtp.close();
        rtcp.close();
    }
}
