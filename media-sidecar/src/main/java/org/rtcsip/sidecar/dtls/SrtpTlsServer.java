package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCloseable;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/** The server end (a=setup:passive) of a DTLS-SRTP handshake, as Bouncy Castle's protocol classes call it. */
final class SrtpTlsServer extends DefaultTlsServer {
    /** Our certificate is ECDSA, so ECDHE_ECDSA AEAD suites; RFC 8827 §6.5 requires the first. */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private final HandshakeState state;

    SrtpTlsServer(HandshakeState state) {
        super(state.crypto);
        this.state = state;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return state.signer(context);
    }

    /** The first call after the ServerHello went out: where a missing SRTP profile ends the handshake. */
    @Override
    public TlsCredentials getCredentials() throws IOException {
        state.requireProfile();
        return super.getCredentials();
    }

    @Override
    public int getSelectedCipherSuite() throws IOException {
        int selected = super.getSelectedCipherSuite();
        state.cipherSuiteSelected(selected);
        return selected;
    }

    /** RFC 5763 §5: the server asks for the client's certificate, to match it to the client's fingerprint. */
    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                HandshakeState.peerSignatureAlgorithms(), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        state.verifyPeer(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        state.chooseProfile(TlsSRTPUtils.getUseSRTPExtension(clientExtensions));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
        if (state.suite != null) {
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                    new UseSRTPData(new int[] {state.suite.dtlsProtectionProfile()}, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        state.exportKeys(context);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        state.alertReceived(alertLevel, alertDescription);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        state.alertRaised(alertLevel, alertDescription, message);
    }

    @Override
    public void notifyCloseHandle(TlsCloseable closeHandle) {
        super.notifyCloseHandle(closeHandle);
        state.closeHandle = closeHandle;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 0;
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return 0;
    }
}
