package org.rtcsip.sidecar.dtls;

import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprints a peer declared in its SDP, and the check that the certificate it presents in the DTLS
 * handshake is one of them (RFC 5763 §5: a mismatch means the handshake fails).
 */
public final class PeerFingerprints {
    private final List<Fingerprint> declared;

    private PeerFingerprints(List<Fingerprint> declared) {
        this.declared = declared;
    }

    /** @throws IllegalArgumentException if the list is empty: a peer without a fingerprint cannot be verified */
    public static PeerFingerprints of(List<Fingerprint> declared) {
        if (declared == null || declared.isEmpty()) {
            throw new IllegalArgumentException("a peer needs at least one a=fingerprint");
        }
        return new PeerFingerprints(List.copyOf(declared));
    }

    public List<Fingerprint> declared() {
        return declared;
    }

    /**
     * Checks the end-entity certificate of a peer's chain (the first one, the one whose key signed the
     * handshake). RFC 8122 §5: with several fingerprints, use those of the strongest hash function and accept
     * the certificate if it matches one of them.
     *
     * @return null if the certificate matches, else the reason, naming both fingerprints
     */
    public String mismatch(List<byte[]> chainDer) {
        if (chainDer == null || chainDer.isEmpty()) {
            return "peer presented no certificate";
        }
        byte[] endEntity = chainDer.get(0);
        Fingerprint.HashFunction strongest = null;
        for (Fingerprint f : declared) {
            if (strongest == null || f.hashFunction().compareTo(strongest) > 0) {
                strongest = f.hashFunction();
            }
        }
        List<Fingerprint> candidates = new ArrayList<>();
        for (Fingerprint f : declared) {
            if (f.hashFunction() == strongest) {
                if (f.matches(endEntity)) {
                    return null;
                }
                candidates.add(f);
            }
        }
        Fingerprint actual = Fingerprint.of(strongest, endEntity);
        return "peer certificate " + actual + " does not match a=fingerprint "
                + (candidates.size() == 1 ? candidates.get(0).toString() : candidates.toString());
    }
}
