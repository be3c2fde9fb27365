package org.rtcsip.sidecar.dtls;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Vector;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A DTLS-SRTP client and server written directly on Bouncy Castle's blocking API, the way an application that
 * owns its thread and socket would, independent of the code under test: their own use_srtp handling, their
 * own fingerprint check (SHA-256 of the DER), their own key export. They run on a thread of the test and talk
 * through {@link QueueTransport}.
 */
final class PlainBcPeers {
    static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    private PlainBcPeers() {
    }

    /** A datagram transport over two queues, blocking in real time as BC expects. */
    static final class QueueTransport implements DatagramTransport {
        final BlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();

        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] d = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                int n = Math.min(len, d.length);
                System.arraycopy(d, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            outgoing.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
        }
    }

    /** What a plain peer learnt: the profile and the four RFC 5764 §4.2 key parts. */
    static final class Outcome {
        int profile;
        byte[] clientKey;
        byte[] serverKey;
        byte[] clientSalt;
        byte[] serverSalt;
        byte[] peerCertificateSha256;

        void split(byte[] material, int keyLength, int saltLength) {
            clientKey = Arrays.copyOfRange(material, 0, keyLength);
            serverKey = Arrays.copyOfRange(material, keyLength, 2 * keyLength);
            clientSalt = Arrays.copyOfRange(material, 2 * keyLength, 2 * keyLength + saltLength);
            serverSalt = Arrays.copyOfRange(material, 2 * keyLength + saltLength, 2 * keyLength + 2 * saltLength);
        }
    }

    static class Client extends DefaultTlsClient {
        private final DtlsCertificate identity;
        /** Whose private key signs: {@code identity}'s unless an impostor is being played. */
        DtlsCertificate signingKeyOf;
        private final byte[] expectedServerSha256;
        private final int[] offered;
        final Outcome outcome = new Outcome();

        Client(DtlsCertificate identity, byte[] expectedServerSha256, int... offeredProfiles) {
            super(CRYPTO);
            this.identity = identity;
            this.signingKeyOf = identity;
            this.expectedServerSha256 = expectedServerSha256;
            this.offered = offeredProfiles;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(offered, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            outcome.profile = TlsSRTPUtils.getUseSRTPExtension(serverExtensions).getProtectionProfiles()[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate c) throws IOException {
                    outcome.peerCertificateSha256 = sha256(c.getCertificate().getCertificateAt(0).getEncoded());
                    if (!Arrays.equals(outcome.peerCertificateSha256, expectedServerSha256)) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return signer(context, identity, signingKeyOf);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            int keyLength = outcome.profile == 0x0008 ? 32 : 16;
            int saltLength = outcome.profile >= 0x0007 ? 12 : 14;
            outcome.split(context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 2 * (keyLength + saltLength)),
                    keyLength, saltLength);
        }
    }

    static final class Server extends DefaultTlsServer {
        private final DtlsCertificate identity;
        /** Whose private key signs: {@code identity}'s unless an impostor is being played. */
        DtlsCertificate signingKeyOf;
        private final byte[] expectedClientSha256;
        final Outcome outcome = new Outcome();

        Server(DtlsCertificate identity, byte[] expectedClientSha256) {
            super(CRYPTO);
            this.identity = identity;
            this.signingKeyOf = identity;
            this.expectedClientSha256 = expectedClientSha256;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}; // ECDSA key
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context, identity, signingKeyOf);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
            algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate c) throws IOException {
            outcome.peerCertificateSha256 = sha256(c.getCertificateAt(0).getEncoded());
            if (!Arrays.equals(outcome.peerCertificateSha256, expectedClientSha256)) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            // Take the client's first choice, as OpenSSL servers do.
            outcome.profile = TlsSRTPUtils.getUseSRTPExtension(clientExtensions).getProtectionProfiles()[0];
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getServerExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {outcome.profile}, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            int keyLength = outcome.profile == 0x0008 ? 32 : 16;
            int saltLength = outcome.profile >= 0x0007 ? 12 : 14;
            outcome.split(context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 2 * (keyLength + saltLength)),
                    keyLength, saltLength);
        }
    }

    /** Presents {@code identity}'s certificate and signs with {@code signingKeyOf}'s private key. */
    static TlsCredentialedSigner signer(org.bouncycastle.tls.TlsContext context, DtlsCertificate identity,
            DtlsCertificate signingKeyOf) throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {CRYPTO.createCertificate(identity.encoded())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CRYPTO,
                PrivateKeyFactory.createKey(signingKeyOf.privateKeyInfo()), chain,
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
