package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.DefaultTlsCredentialedSigner;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCloseable;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsECDSASigner;
import org.rtcsip.sidecar.srtp.SrtpSuite;

/**
 * What one handshake has learnt and decided, shared by the Bouncy Castle peer ({@link SrtpTlsClient} or
 * {@link SrtpTlsServer}) running on a handshake thread and the {@link DtlsSrtpEndpoint} on the caller's thread.
 * The two never run at once (see {@link LockstepTransport}), and each hand-off goes through a lock, so plain
 * fields are safely published.
 */
final class HandshakeState {
    /** Shared by all handshakes: each holds only a SecureRandom, which is thread-safe. */
    private static final BcTlsCrypto BOUNCY_CASTLE = new BcTlsCrypto(new SecureRandom());
    private static final BcTlsCrypto OPENSSL = new HandshakeCrypto(new SecureRandom());
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    final DtlsRole role;
    final BcTlsCrypto crypto;
    final DtlsCertificate certificate;
    final DtlsOptions options;
    final LockstepTransport transport;

    PeerFingerprints peerFingerprints;
    SrtpSuite suite;
    Fingerprint peerFingerprint;
    DtlsSrtpKeys keys;
    DTLSTransport association;
    Throwable error;
    private DtlsFailure failure;
    private String fatalAlertReceived;
    private String fatalAlertSent;
    boolean closeNotifyReceived;
    TlsCloseable closeHandle;
    /**
     * Shortest body an encrypted record can have under the negotiated suite. Bouncy Castle fails the whole
     * association (decode_error) on a shorter one instead of discarding it as RFC 6347 §4.1.2.7 asks, so the
     * endpoint discards those itself. 16 (the AEAD tag) until the suite is known.
     */
    int minEncryptedBody = 16;

    HandshakeState(DtlsRole role, DtlsCertificate certificate, DtlsOptions options, LockstepTransport transport) {
        this.role = role;
        this.crypto = options.effectivePublicKeyCrypto() == DtlsOptions.PublicKeyCrypto.OPENSSL ? OPENSSL
                : BOUNCY_CASTLE;
        this.certificate = certificate;
        this.options = options;
        this.transport = transport;
    }

    int[] offeredProfiles() {
        List<SrtpSuite> suites = options.srtpSuites();
        int[] ids = new int[suites.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = suites.get(i).dtlsProtectionProfile();
        }
        return ids;
    }

    void cipherSuiteSelected(int cipherSuite) {
        // RFC 5288 §3: GCM records carry an 8-byte explicit nonce before the 16-byte tag; RFC 7905: ChaCha20 none.
        minEncryptedBody = TlsUtils.getEncryptionAlgorithm(cipherSuite) == EncryptionAlgorithm.CHACHA20_POLY1305
                ? 16 : 24;
    }

    /**
     * Server side: our most preferred profile the client offered (as BoringSSL servers choose). With none in
     * common the failure is recorded but raised later, from {@link #requireProfile()}: Bouncy Castle sends no
     * alert before its ServerHello, and the peer should hear why.
     */
    void chooseProfile(UseSRTPData offered) {
        if (offered == null) {
            recordFailure(new DtlsFailure(DtlsFailure.Reason.NO_COMMON_SRTP_PROFILE,
                    "client offered no use_srtp extension"));
            return;
        }
        for (SrtpSuite ours : options.srtpSuites()) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == ours.dtlsProtectionProfile()) {
                    suite = ours;
                    return;
                }
            }
        }
        recordFailure(new DtlsFailure(DtlsFailure.Reason.NO_COMMON_SRTP_PROFILE, "client offered SRTP profiles "
                + profileList(offered.getProtectionProfiles()) + ", none of " + profileList(offeredProfiles())));
    }

    /** Server side, after the ServerHello (which then carries no use_srtp, RFC 5764 §4.1.1). */
    void requireProfile() throws IOException {
        if (suite == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, failure().detail());
        }
    }

    /** Client side: RFC 5764 §4.1.3, the server picks exactly one profile the client offered. */
    void acceptServerProfile(UseSRTPData chosen) throws IOException {
        if (chosen == null) {
            throw fail(DtlsFailure.Reason.NO_COMMON_SRTP_PROFILE, "server answered without use_srtp",
                    AlertDescription.handshake_failure);
        }
        int[] ids = chosen.getProtectionProfiles();
        SrtpSuite picked = ids.length == 1 ? SrtpSuite.fromDtlsProtectionProfile(ids[0]) : null;
        if (picked == null || !options.srtpSuites().contains(picked)) {
            throw fail(DtlsFailure.Reason.NO_COMMON_SRTP_PROFILE, "server chose SRTP profiles " + profileList(ids)
                    + ", not one of " + profileList(offeredProfiles()), AlertDescription.illegal_parameter);
        }
        if (chosen.getMki().length > 0) {
            throw fail(DtlsFailure.Reason.NO_COMMON_SRTP_PROFILE, "server asked for an SRTP MKI, which is not used",
                    AlertDescription.illegal_parameter);
        }
        suite = picked;
    }

    /**
     * RFC 5763 §5: the certificate the peer presents must match the fingerprint in its SDP. If the SDP has not
     * arrived yet (the peer's DTLS can overtake its answer through the proxies), the handshake thread waits
     * here, holding the certificate, until the caller supplies it or gives up.
     */
    void verifyPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw fail(DtlsFailure.Reason.NO_PEER_CERTIFICATE, "peer presented no certificate",
                    AlertDescription.handshake_failure);
        }
        if (peerFingerprints == null) {
            transport.awaitFingerprints();
        }
        List<byte[]> der = new ArrayList<>(chain.getLength());
        for (TlsCertificate c : chain.getCertificateList()) {
            der.add(c.getEncoded());
        }
        String mismatch = peerFingerprints.mismatch(der);
        if (mismatch != null) {
            throw fail(DtlsFailure.Reason.FINGERPRINT_MISMATCH, mismatch, AlertDescription.bad_certificate);
        }
        peerFingerprint = Fingerprint.of(strongestDeclared(), der.get(0));
    }

    private Fingerprint.HashFunction strongestDeclared() {
        Fingerprint.HashFunction h = Fingerprint.HashFunction.SHA_1;
        for (Fingerprint f : peerFingerprints.declared()) {
            if (f.hashFunction().compareTo(h) > 0) {
                h = f.hashFunction();
            }
        }
        return h;
    }

    /** Our certificate and ECDSA P-256 signature (RFC 8827 §6.5), with OpenSSL when the options say so. */
    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificate.der())});
        TlsCryptoParameters parameters = new TlsCryptoParameters(context);
        LibCrypto.PrivateKey key = crypto == OPENSSL ? certificate.openSslKey() : null;
        if (key == null) {
            return new BcDefaultTlsCredentialedSigner(parameters, crypto, certificate.privateKeyParameter(), chain,
                    ECDSA_SHA256);
        }
        TlsSigner bouncyCastle = new BcTlsECDSASigner(crypto,
                (ECPrivateKeyParameters) certificate.privateKeyParameter());
        return new DefaultTlsCredentialedSigner(parameters, HandshakeCrypto.signer(key, bouncyCastle), chain,
                ECDSA_SHA256);
    }

    /** Signature algorithms a peer's certificate may use: ECDSA (browsers) and RSA (older SIP devices). */
    static Vector<SignatureAndHashAlgorithm> peerSignatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        v.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        v.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
        v.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        v.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        return v;
    }

    /** RFC 5764 §4.2: export 2 * (key + salt) bytes labelled EXTRACTOR-dtls_srtp and split them. */
    void exportKeys(TlsContext context) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        int length = DtlsSrtpKeys.materialLength(suite);
        byte[] material;
        if (sp.isExtendedMasterSecret()) {
            material = context.exportKeyingMaterial(DtlsSrtpKeys.EXPORTER_LABEL, null, length);
        } else {
            // RFC 7627 §5.4 would forbid exporting without extended_master_secret, but RFC 5764 predates it and
            // older DTLS-SRTP peers lack it; browsers all send it. Same PRF as RFC 5705 §4 without a context.
            material = TlsUtils.PRF(sp, sp.getMasterSecret(), DtlsSrtpKeys.EXPORTER_LABEL,
                    TlsUtils.calculateExporterSeed(sp, null), length).extract();
        }
        keys = DtlsSrtpKeys.split(suite, material, role, peerFingerprint);
    }

    void alertReceived(short level, short description) {
        if (level == AlertLevel.fatal) {
            fatalAlertReceived = AlertDescription.getText(description);
        } else if (description == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        }
    }

    void alertRaised(short level, short description, String message) {
        if (level == AlertLevel.fatal && fatalAlertSent == null) {
            fatalAlertSent = AlertDescription.getText(description) + (message == null ? "" : ": " + message);
        }
    }

    String fatalAlertReceived() {
        return fatalAlertReceived;
    }

    /** Records the first failure; later ones (the alert BC raises on the way out) do not replace it. */
    TlsFatalAlert fail(DtlsFailure.Reason reason, String detail, short alert) {
        recordFailure(new DtlsFailure(reason, detail));
        return new TlsFatalAlert(alert, detail);
    }

    void recordFailure(DtlsFailure f) {
        if (failure == null) {
            failure = f;
        }
    }

    /** Why the handshake failed, from what was recorded, the alerts seen and the exception BC ended with. */
    DtlsFailure failure() {
        if (failure != null) {
            return failure;
        }
        if (fatalAlertReceived != null) {
            return new DtlsFailure(DtlsFailure.Reason.ALERT_RECEIVED, "peer sent fatal alert " + fatalAlertReceived);
        }
        if (closeNotifyReceived) {
            return new DtlsFailure(DtlsFailure.Reason.ALERT_RECEIVED, "peer sent close_notify during the handshake");
        }
        if (error instanceof TlsFatalAlert alert) {
            if (alert.getAlertDescription() != AlertDescription.internal_error) {
                return new DtlsFailure(DtlsFailure.Reason.PROTOCOL_ERROR, "sent fatal alert " + (fatalAlertSent != null
                        ? fatalAlertSent : AlertDescription.getText(alert.getAlertDescription())));
            }
            if (!thrownByThisCode(alert)) {
                // Bouncy Castle also answers some malformed peer messages with internal_error.
                Throwable cause = alert.getCause() != null ? alert.getCause() : alert;
                return new DtlsFailure(DtlsFailure.Reason.PROTOCOL_ERROR,
                        "Bouncy Castle refused the peer's handshake with internal_error (" + cause + ")");
            }
        } else if (error instanceof IOException) {
            // Bouncy Castle's parsers end a truncated or inconsistent message with a plain IOException.
            return new DtlsFailure(DtlsFailure.Reason.PROTOCOL_ERROR, "malformed handshake message from the peer ("
                    + error + ")");
        }
        return new DtlsFailure(DtlsFailure.Reason.INTERNAL_ERROR, error == null ? "handshake ended without result"
                : error.toString());
    }

    /** Whether our own code (a callback) threw, rather than Bouncy Castle on the peer's input. */
    private static boolean thrownByThisCode(Throwable alert) {
        Throwable root = alert;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean ours = false;
        for (StackTraceElement frame : root.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("org.bouncycastle.")) {
                if (ours) {
                    return true; // one of our callbacks, called by Bouncy Castle
                }
            } else if (c.startsWith("org.rtcsip.")) {
                if (c.equals(LockstepTransport.class.getName()) || c.startsWith(DtlsSrtpEndpoint.class.getName())) {
                    return false; // reached the bottom: the thread's entry point
                }
                ours = true;
            }
        }
        return false;
    }

    private static String profileList(int[] ids) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format("0x%04X", ids[i]));
        }
        return b.append(']').toString();
    }
}
