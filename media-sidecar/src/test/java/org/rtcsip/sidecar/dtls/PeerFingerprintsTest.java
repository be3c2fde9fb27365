package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerFingerprintsTest {
    private static final byte[] CERT = {10, 20, 30};
    private static final byte[] OTHER = {10, 20, 31};

    @Test
    void acceptsTheCertificateWhoseFingerprintWasDeclared() {
        PeerFingerprints p = PeerFingerprints.of(List.of(Fingerprint.of(Fingerprint.HashFunction.SHA_256, CERT)));
        assertNull(p.mismatch(List.of(CERT, OTHER)));
    }

    @Test
    void refusesAnotherCertificateNamingBothFingerprints() {
        Fingerprint declared = Fingerprint.of(Fingerprint.HashFunction.SHA_256, CERT);
        String reason = PeerFingerprints.of(List.of(declared)).mismatch(List.of(OTHER));
        assertEquals("peer certificate " + Fingerprint.of(Fingerprint.HashFunction.SHA_256, OTHER)
                + " does not match a=fingerprint " + declared, reason);
    }

    @Test
    void checksTheEndEntityNotTheRestOfTheChain() {
        PeerFingerprints p = PeerFingerprints.of(List.of(Fingerprint.of(Fingerprint.HashFunction.SHA_256, CERT)));
        assertTrue(p.mismatch(List.of(OTHER, CERT)).startsWith("peer certificate"));
    }

    @Test
    void usesOnlyTheStrongestDeclaredHashFunction() {
        // RFC 8122 §5: a matching SHA-1 does not save a wrong SHA-256.
        PeerFingerprints p = PeerFingerprints.of(List.of(Fingerprint.of(Fingerprint.HashFunction.SHA_1, CERT),
                Fingerprint.of(Fingerprint.HashFunction.SHA_256, OTHER)));
        assertTrue(p.mismatch(List.of(CERT)).contains("sha-256"));
    }

    @Test
    void anyOfSeveralFingerprintsOfTheStrongestHashMatches() {
        PeerFingerprints p = PeerFingerprints.of(List.of(Fingerprint.of(Fingerprint.HashFunction.SHA_256, OTHER),
                Fingerprint.of(Fingerprint.HashFunction.SHA_256, CERT)));
        assertNull(p.mismatch(List.of(CERT)));
    }

    @Test
    void anEmptyChainIsNotAMatch() {
        PeerFingerprints p = PeerFingerprints.of(List.of(Fingerprint.of(Fingerprint.HashFunction.SHA_256, CERT)));
        assertEquals("peer presented no certificate", p.mismatch(List.of()));
    }

    @Test
    void needsAtLeastOneFingerprint() {
        assertThrows(IllegalArgumentException.class, () -> PeerFingerprints.of(List.of()));
    }
}
