package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.ng.OperatorFlags;
import org.rtcsip.testbed.process.Poll;
import org.rtcsip.testbed.sdp.SdpAttribute;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.testbed.tls.OpensslCertificate;

/**
 * SIGHUP on the sidecar process (java -jar media-sidecar.jar as systemd's ExecReload would send it) reads
 * dtls-cert/dtls-key again: the next offer toward a browser carries the new fingerprint; a bad file leaves the
 * process serving with the old one and says why in its log.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SidecarSighupTest {
    private static final String TRUNK_OFFER = "v=0\r\no=trunk 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    @TempDir
    Path dir;

    private static String fingerprintOffered(NgClient ng, String callId) throws Exception {
        Map<String, Object> reply = ng.exchange(KamailioRequest.offer(callId, "trunk").sdp(TRUNK_OFFER)
                .flags(OperatorFlags.SHIPPED.towardBrowser()).build());
        return SdpAttribute.first((String) reply.get("sdp"), "fingerprint");
    }

    @Test
    void sighupReadsTheCertificateFilesAgainAndABadFileKeepsTheOldOne() throws Exception {
        Path cert = dir.resolve("dtls.crt");
        Path key = dir.resolve("dtls.key");
        OpensslCertificate.write(cert, key, "before-hup");
        String before = OpensslCertificate.fingerprint(cert);
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "sighup", "--codec-warmup=0",
                "--dtls-cert=" + cert, "--dtls-key=" + key);
                NgClient ng = new NgClient(sidecar.ngAddress(), Duration.ofSeconds(1), 2)) {
            assertEquals(before, fingerprintOffered(ng, "hup-1"));

            OpensslCertificate.write(cert, key, "after-hup");
            String after = OpensslCertificate.fingerprint(cert);
            sidecar.sighup();
            Poll.until("the reload's log line", Duration.ofSeconds(10),
                    () -> sidecar.logText().contains("SIGHUP: DTLS certificate reloaded"), () -> sidecar.logTail(20));
            assertEquals(after, fingerprintOffered(ng, "hup-2"), sidecar.logTail(10));

            Files.writeString(key, "not a key\n");
            sidecar.sighup();
            Poll.until("the refusal's log line", Duration.ofSeconds(10),
                    () -> sidecar.logText().contains("SIGHUP: DTLS certificate not reloaded"), () -> sidecar.logTail(20));
            assertTrue(sidecar.logText().contains("DTLS private key " + key), sidecar.logTail(10));
            assertEquals(after, fingerprintOffered(ng, "hup-3"), "the certificate in use stays");
            assertTrue(sidecar.isAlive());
        }
    }
}
