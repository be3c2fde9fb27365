package org.rtcsip.sidecar.ng;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class SdpLimitsTest {
    private static final SdpLimits LIMITS = new SdpLimits(1000, 2, 3);

    @Test
    void everyCapturedSdpPassesTheDefaults() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(getClass().getResource("/sdp").toURI()))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sdp")).toList()) {
                assertDoesNotThrow(() -> SdpLimits.DEFAULTS.check(Files.readString(f)), f.toString());
            }
        }
    }

    @Test
    void countsMediaSectionsAndAttributesPerSection() {
        String ok = "v=0\r\na=s1\r\na=s2\r\na=s3\r\nm=audio 1 RTP/AVP 0\r\na=1\r\na=2\r\na=3\r\nm=audio 3 RTP/AVP 0\r\n";
        assertDoesNotThrow(() -> LIMITS.check(ok));
        assertEquals("Too many media sections in SDP (3, max-media-per-offer is 2)", assertThrows(NgException.class,
                () -> LIMITS.check(ok + "m=audio 5 RTP/AVP 0\r\n")).getMessage());
        assertEquals("Too many attributes in media section 2 of SDP (4, max-attributes-per-media is 3)",
                assertThrows(NgException.class, () -> LIMITS.check(ok + "a=1\na=2\na=3\na=4\n")).getMessage());
        assertEquals("Too many attributes in the session section of SDP (4, max-attributes-per-media is 3)",
                assertThrows(NgException.class, () -> LIMITS.check("v=0\r\n" + "a=x\r\n".repeat(4))).getMessage());
    }

    @Test
    void sizeIsCountedInBytes() {
        String sdp = "v=0\r\ns=" + "\u00e9".repeat(600) + "\r\n";
        assertEquals("SDP too large (1209 bytes, max-sdp-size is 1000)",
                assertThrows(NgException.class, () -> LIMITS.check(sdp)).getMessage());
    }
}
