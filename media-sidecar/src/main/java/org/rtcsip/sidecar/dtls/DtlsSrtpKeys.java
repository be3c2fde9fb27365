package org.rtcsip.sidecar.dtls;

import java.util.Arrays;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * The SRTP master keys a DTLS-SRTP handshake produced, already split into this side's and the peer's
 * (RFC 5764 §4.2), with the negotiated suite and the peer certificate's fingerprint.
 */
public final class DtlsSrtpKeys {
    /** RFC 5764 §4.2: the exporter label (RFC 5705). */
    static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    private final SrtpSuite suite;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;
    private final Fingerprint peerFingerprint;

    private DtlsSrtpKeys(SrtpSuite suite, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt,
            Fingerprint peerFingerprint) {
        this.suite = suite;
        this.localKey = localKey;
        this.localSalt = localSalt;
        this.remoteKey = remoteKey;
        this.remoteSalt = remoteSalt;
        this.peerFingerprint = peerFingerprint;
    }

    /**
     * Splits exported keying material. RFC 5764 §4.2: it is client_write_SRTP_master_key,
     * server_write_SRTP_master_key, client_write_SRTP_master_salt, server_write_SRTP_master_salt, in that order;
     * the client protects with the client's key and salt.
     */
    static DtlsSrtpKeys split(SrtpSuite suite, byte[] material, DtlsRole role, Fingerprint peerFingerprint) {
        int k = suite.masterKeyLength();
        int s = suite.masterSaltLength();
        if (material.length != materialLength(suite)) {
            throw new IllegalArgumentException("keying material has " + material.length + " bytes, need "
                    + materialLength(suite));
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return role == DtlsRole.CLIENT
                ? new DtlsSrtpKeys(suite, clientKey, clientSalt, serverKey, serverSalt, peerFingerprint)
                : new DtlsSrtpKeys(suite, serverKey, serverSalt, clientKey, clientSalt, peerFingerprint);
    }

    static int materialLength(SrtpSuite suite) {
        return 2 * (suite.masterKeyLength() + suite.masterSaltLength());
    }

    /** The negotiated protection profile as the SRTP suite it maps to. */
    public SrtpSuite suite() {
        return suite;
    }

    /** A transform that protects what this side sends (RTP and RTCP). */
    public SrtpTransform newLocalTransform() {
        return new SrtpTransform(suite, localKey, localSalt);
    }

    /** A transform that unprotects what the peer sends. */
    public SrtpTransform newRemoteTransform() {
        return new SrtpTransform(suite, remoteKey, remoteSalt);
    }

    public byte[] localMasterKey() {
        return localKey.clone();
    }

    public byte[] localMasterSalt() {
        return localSalt.clone();
    }

    public byte[] remoteMasterKey() {
        return remoteKey.clone();
    }

    public byte[] remoteMasterSalt() {
        return remoteSalt.clone();
    }

    /** The fingerprint of the certificate the peer presented, with the hash its SDP used. */
    public Fingerprint peerFingerprint() {
        return peerFingerprint;
    }

    /** The suite only: keys never go to a log. */
    @Override
    public String toString() {
        return "DtlsSrtpKeys[" + suite.sdpName() + ", peer " + peerFingerprint + "]";
    }
}
