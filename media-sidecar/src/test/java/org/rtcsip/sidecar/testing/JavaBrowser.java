package org.rtcsip.sidecar.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.sidecar.dtls.DtlsCertificate;
import org.rtcsip.sidecar.dtls.DtlsEvents;
import org.rtcsip.sidecar.dtls.DtlsFailure;
import org.rtcsip.sidecar.dtls.DtlsHandshakeThreads;
import org.rtcsip.sidecar.dtls.DtlsOptions;
import org.rtcsip.sidecar.dtls.DtlsRole;
import org.rtcsip.sidecar.dtls.DtlsSrtpEndpoint;
import org.rtcsip.sidecar.dtls.DtlsSrtpKeys;
import org.rtcsip.sidecar.dtls.Fingerprint;
import org.rtcsip.sidecar.ice.FullIceAgent;
import org.rtcsip.sidecar.ice.IceCandidate;
import org.rtcsip.sidecar.ice.IceCredentials;
import org.rtcsip.sidecar.ice.IceRole;
import org.rtcsip.sidecar.ice.IceTiming;
import org.rtcsip.sidecar.rtp.PacketKind;
import org.rtcsip.sidecar.rtp.RtpOrRtcp;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * A browser stand-in for in-process tests: full ICE (controlling, like Chromium's offerer) and DTLS-SRTP built from
 * this project's own sans-IO pieces, on a real loopback socket, writing and reading SDP the way Chromium does. The
 * real-browser proof is the Chromium test; this one runs in milliseconds and can misbehave on purpose.
 */
public final class JavaBrowser implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress local;
    private final FullIceAgent ice;
    private final DtlsCertificate certificate;
    private final DtlsHandshakeThreads threads = new DtlsHandshakeThreads(2);
    private DtlsSrtpEndpoint dtls;
    private DtlsRole role;
    private List<Fingerprint> peerFingerprints = List.of();
    public volatile DtlsSrtpKeys keys;
    public volatile DtlsFailure failure;
    private SrtpTransform sending;
    private SrtpTransform receiving;
    public final List<byte[]> receivedRtp = new ArrayList<>();
    private final long start = System.nanoTime();

    public JavaBrowser(boolean controlling) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5);
        local = (InetSocketAddress) socket.getLocalSocketAddress();
        ice = new FullIceAgent(controlling ? IceRole.CONTROLLING : IceRole.CONTROLLED, 1, List.of(local),
                new SecureRandom().nextLong(), new SecureRandom(), IceTiming.DEFAULT);
        certificate = DtlsCertificate.generate(Instant.now());
    }

    public Fingerprint fingerprint() {
        return certificate.fingerprint();
    }

    /** A Chromium-shaped audio offer/answer body: BUNDLE, mid, rtcp-mux, ICE, fingerprint, the given setup. */
    public String sdp(String formats, String rtpmaps, String setup, Fingerprint advertised) {
        StringBuilder b = new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS stream\r\n"
                + "m=audio " + local.getPort() + " UDP/TLS/RTP/SAVPF " + formats + "\r\n"
                + "c=IN IP4 127.0.0.1\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
        for (String a : ice.mediaAttributes()) {
            b.append("a=").append(a).append("\r\n");
        }
        b.append("a=fingerprint:").append(advertised).append("\r\n");
        b.append("a=setup:").append(setup).append("\r\na=mid:0\r\n");
        b.append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=sendrecv\r\n");
        b.append("a=msid:stream track\r\na=rtcp-mux\r\na=rtcp-rsize\r\n").append(rtpmaps);
        b.append("a=ssrc:1234 cname:javabrowser\r\n");
        return b.toString();
    }

    /** Reads the sidecar's SDP: ICE credentials and candidates, fingerprint, setup (our DTLS role follows). */
    public void accept(String sdp) throws Exception {
        ice.setRemoteCredentials(new IceCredentials(value(sdp, "ice-ufrag"), value(sdp, "ice-pwd")));
        Matcher c = Pattern.compile("a=(candidate:[^\r\n]*)").matcher(sdp);
        while (c.find()) {
            ice.addRemoteCandidate(IceCandidate.parse(c.group(1)));
        }
        peerFingerprints = List.of(Fingerprint.parse(value(sdp, "fingerprint")));
        String setup = value(sdp, "setup");
        // RFC 5763 §5: answering actpass, a browser takes active (client), as Chromium does
        role = setup.equals("active") ? DtlsRole.SERVER : DtlsRole.CLIENT;
    }

    private static String value(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":([^\r\n]*)").matcher(sdp);
        if (!m.find()) {
            throw new AssertionError("no a=" + name + " in\n" + sdp);
        }
        return m.group(1).trim();
    }

    private long now() {
        return System.nanoTime() - start + 1_000_000_000L;
    }

    /** Runs ICE, DTLS and media reception for {@code millis}, or until {@code done} says so. */
    public void pump(long millis, java.util.function.BooleanSupplier done) throws IOException {
        long end = System.currentTimeMillis() + millis;
        byte[] out = new byte[1500];
        byte[] in = new byte[2048];
        while (System.currentTimeMillis() < end && !done.getAsBoolean()) {
            long now = now();
            ice.handleTimeout(now);
            int n;
            while ((n = ice.pollTransmit(out, 0)) > 0) {
                socket.send(new DatagramPacket(out, n, ice.transmitDestination()));
            }
            if (dtls == null && role != null && ice.selectedRemote() != null) {
                dtls = new DtlsSrtpEndpoint(role, certificate, peerFingerprints, DtlsOptions.defaults(), threads,
                        (b, o, l) -> sendTo(b, o, l, ice.selectedRemote()), new Events());
                dtls.start(now);
            }
            if (dtls != null && now - dtls.nextTimeoutNanos() >= 0) {
                dtls.onTimeout(now);
            }
            DatagramPacket p = new DatagramPacket(in, in.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
            PacketKind kind = RtpOrRtcp.classify(in, 0, p.getLength());
            if (kind == PacketKind.STUN) {
                n = ice.handleStun(in, 0, p.getLength(), from, local, now(), out, 0);
                if (n > 0) {
                    socket.send(new DatagramPacket(out, n, from));
                }
            } else if (kind == PacketKind.DTLS && dtls != null) {
                dtls.receive(in, 0, p.getLength(), now());
            } else if (kind == PacketKind.RTP && receiving != null) {
                int len = receiving.unprotectRtp(in, 0, p.getLength());
                if (len > 0) {
                    receivedRtp.add(Arrays.copyOf(in, len));
                }
            }
        }
    }

    /** Encrypts and sends an RTP packet to the ICE-selected address of the sidecar. */
    public void sendRtp(byte[] plain) throws IOException {
        byte[] buf = Arrays.copyOf(plain, plain.length + 32);
        int len = sending.protectRtp(buf, 0, plain.length);
        sendTo(buf, 0, len, ice.selectedRemote());
    }

    /** Sends {@code datagram} as it is from this browser's address to {@code to}: a peer that misbehaves. */
    public void sendRaw(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    private void sendTo(byte[] b, int o, int l, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(b, o, l, to));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public InetSocketAddress selectedRemote() {
        return ice.selectedRemote();
    }

    public int port() {
        return local.getPort();
    }

    private final class Events implements DtlsEvents {
        @Override
        public void handshakeCompleted(DtlsSrtpKeys k) {
            sending = k.newLocalTransform();
            receiving = k.newRemoteTransform();
            keys = k;
        }

        @Override
        public void handshakeFailed(DtlsFailure f) {
            failure = f;
        }

        @Override
        public void closedByPeer(String reason) {
        }
    }

    @Override
    public void close() {
        if (dtls != null) {
            dtls.close();
        }
        threads.close();
        socket.close();
    }
}
