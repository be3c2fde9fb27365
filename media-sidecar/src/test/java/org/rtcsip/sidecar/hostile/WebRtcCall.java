package org.rtcsip.sidecar.hostile;

import static org.rtcsip.ngwire.NgClient.dict;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.NgClient;
import org.rtcsip.sidecar.testing.JavaBrowser;

/**
 * A browser (the test's {@link JavaBrowser}: full ICE, DTLS-SRTP) calling a plain PCMU trunk, with the flags
 * Kamailio's sample configuration gives the two directions; the browser's side muxes RTP and RTCP on one port.
 */
final class WebRtcCall extends LiveCall {
    private final JavaBrowser browser;
    private final Party trunk;
    private final InetSocketAddress browserFacing;
    private final InetSocketAddress trunkFacing;
    private final Flow browserToTrunk = new Flow("WebRTC browser -> trunk", 5);
    private final Flow trunkToBrowser = new Flow("WebRTC trunk -> browser", 6);
    /** The browser's offer and the sidecar's answer to it (ICE credentials, fingerprint): what an attacker lacks. */
    final String browserSdp;
    final String sidecarSdp;

    private WebRtcCall(String callId, JavaBrowser browser, Party trunk, InetSocketAddress browserFacing,
            int trunkFacing, String browserSdp, String sidecarSdp) {
        super(callId);
        this.browserSdp = browserSdp;
        this.sidecarSdp = sidecarSdp;
        this.browser = browser;
        this.trunk = trunk;
        this.browserFacing = browserFacing;
        this.trunkFacing = Party.loopback(trunkFacing);
    }

    static WebRtcCall start(NgClient ng, String callId) throws Exception {
        JavaBrowser browser = new JavaBrowser(true);
        Party trunk = Party.open();
        String browserSdp = browser.sdp("0", "a=rtpmap:0 PCMU/8000\r\n", "actpass", browser.fingerprint());
        Map<String, Object> offer = ok(ng, dict("sdp", browserSdp, "ICE", "remove", "DTLS", "off", "replace",
                List.of("origin", "session-connection"), "transport-protocol", "RTP/AVP", "rtcp-mux",
                List.of("demux"), "SDES", List.of("off"), "call-id", callId, "from-tag", "browser", "command",
                "offer"));
        Map<String, Object> answer = ok(ng, dict("sdp", plainSdp("trunk", trunk.port(), "RTP/AVP", ""), "ICE",
                "force", "DTLS", "passive", "flags", List.of("generate-mid"), "replace", List.of("origin",
                "session-connection"), "transport-protocol", "UDP/TLS/RTP/SAVPF", "rtcp-mux", List.of("offer",
                "require"), "SDES", List.of("off"), "call-id", callId, "from-tag", "browser", "to-tag", "trunk",
                "command", "answer"));
        browser.accept((String) answer.get("sdp"));
        browser.pump(10_000, () -> browser.keys != null || browser.failure != null);
        if (browser.keys == null) {
            browser.close();
            trunk.close();
            throw new IOException("DTLS-SRTP with the sidecar did not complete: " + browser.failure);
        }
        return new WebRtcCall(callId, browser, trunk, browser.selectedRemote(), mediaPort(offer.get("sdp")),
                browserSdp, (String) answer.get("sdp"));
    }

    /** The sidecar's port facing the browser (RTP, RTCP, STUN and DTLS muxed). */
    InetSocketAddress browserFacing() {
        return browserFacing;
    }

    @Override
    List<Flow> flows() {
        return List.of(browserToTrunk, trunkToBrowser);
    }

    @Override
    List<Target> targets() {
        Target fromBrowser = new Target() {
            @Override
            public String name() {
                return "WebRTC, the browser's port (RTP, RTCP, STUN, DTLS)";
            }

            @Override
            public InetSocketAddress port() {
                return browserFacing;
            }

            @Override
            public void sendFromParty(byte[] datagram) throws IOException {
                browser.sendRaw(datagram, browserFacing);
            }
        };
        return List.of(fromBrowser, target("WebRTC, the trunk's RTP port", trunkFacing, trunk),
                target("WebRTC, the trunk's RTCP port", Party.loopback(trunkFacing.getPort() + 1), trunk));
    }

    @Override
    void send() throws IOException {
        browser.sendRtp(browserToTrunk.next());
        trunk.send(trunkToBrowser.next(), trunkFacing);
    }

    @Override
    void drain() throws IOException {
        trunk.drain((p, len) -> browserToTrunk.arrived(p, 0, len));
        browser.pump(4, () -> false); // ICE consent, and SRTP in
        for (byte[] p : browser.receivedRtp) {
            trunkToBrowser.arrived(p, 0, p.length);
        }
        browser.receivedRtp.clear();
    }

    @Override
    public void close() throws IOException {
        browser.close();
        trunk.close();
    }
}
