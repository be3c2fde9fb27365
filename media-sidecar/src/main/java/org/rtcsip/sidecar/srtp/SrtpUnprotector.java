package org.rtcsip.sidecar.srtp;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * The receiving half of an {@link SrtpTransform}: an SSRC gets a crypto context only once one of its packets
 * authenticates, so strangers and forged packets leave no state behind. Not thread-safe.
 */
final class SrtpUnprotector {
    private final SrtpSuite suite;
    private final SrtpContextFactory contexts;
    private final byte[] mki;
    private final SsrcTable<RtpReceiveContext> rtp = new SsrcTable<>(SrtpTransform.MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcp = new SsrcTable<>(SrtpTransform.MAX_SSRCS);
    private final JitsiPacketView view = new JitsiPacketView();
    // A context on trial for the next unknown SSRC. A packet that fails leaves a jitsi context as it found it,
    // so one spare serves every stranger and a flood of forged SSRCs costs no key derivation.
    private SrtpCryptoContext spareRtp;
    private SrtcpCryptoContext spareRtcp;
    private long ssrcOverflows;

    /** Arguments as checked by {@link SrtpTransform}; the MKI is not copied again. */
    SrtpUnprotector(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, byte[] mki) {
        this.suite = suite;
        this.mki = mki;
        this.contexts = JitsiSrtp.contextFactory(false, suite, masterKey, masterSalt);
    }

    int unprotectRtp(byte[] buf, int off, int len) {
        if (!PacketLayout.inBounds(buf, off, len)) {
            return SrtpError.MALFORMED;
        }
        int tag = suite.rtpAuthTagLength();
        int trailer = tag + mki.length;
        if (len < trailer || PacketLayout.rtpHeaderLength(buf, off, len - trailer) < 0) {
            return SrtpError.MALFORMED;
        }
        if (mki.length > 0) {
            if (!PacketLayout.removeMki(buf, off, len, tag, mki)) {
                return SrtpError.UNKNOWN_MKI;
            }
            len -= mki.length;
        }
        int ssrc = PacketLayout.readInt(buf, off + 8);
        int seq = PacketLayout.readUnsignedShort(buf, off + 2);
        RtpReceiveContext known = rtp.get(ssrc);
        SrtpCryptoContext context;
        if (known == null) {
            if (rtp.isFull()) {
                ssrcOverflows++;
                return SrtpError.TOO_MANY_SSRCS;
            }
            if (spareRtp == null) {
                try {
                    spareRtp = contexts.deriveContext(ssrc, 0);
                } catch (GeneralSecurityException | RuntimeException e) {
                    return SrtpError.CRYPTO_FAILURE;
                }
            }
            context = spareRtp;
        } else {
            if (known.holds(seq)) {
                return SrtpError.SEQUENCE_JUMP;
            }
            context = known.crypto;
        }
        view.point(buf, off, len);
        try {
            SrtpErrorStatus status = context.reverseTransformPacket(view, false);
            if (status != SrtpErrorStatus.OK) {
                return JitsiSrtp.code(status);
            }
            if (known == null) {
                rtp.put(ssrc, new RtpReceiveContext(context, seq));
                spareRtp = null;
            } else {
                known.authenticated(seq);
            }
            return view.getLength();
        } catch (GeneralSecurityException e) {
            dropSpareIfUsedRtp(known == null); // its state is unknown after a throw
            return SrtpError.CRYPTO_FAILURE;
        } catch (RuntimeException e) {
            dropSpareIfUsedRtp(known == null);
            return SrtpError.INTERNAL_ERROR;
        } finally {
            view.clear();
        }
    }

    int unprotectRtcp(byte[] buf, int off, int len) {
        if (!PacketLayout.inBounds(buf, off, len)) {
            return SrtpError.MALFORMED;
        }
        int tag = suite.rtcpAuthTagLength();
        int trailer = PacketLayout.SRTCP_INDEX + tag + mki.length;
        if (len < PacketLayout.RTCP_HEADER + trailer || !PacketLayout.isRtcpV2(buf, off, len)) {
            return SrtpError.MALFORMED;
        }
        if (mki.length > 0) {
            if (!PacketLayout.removeMki(buf, off, len, tag, mki)) {
                return SrtpError.UNKNOWN_MKI;
            }
            len -= mki.length;
        }
        int ssrc = PacketLayout.readInt(buf, off + 4);
        SrtcpCryptoContext context = rtcp.get(ssrc);
        boolean onTrial = context == null;
        if (onTrial) {
            if (rtcp.isFull()) {
                ssrcOverflows++;
                return SrtpError.TOO_MANY_SSRCS;
            }
            if (spareRtcp == null) {
                try {
                    spareRtcp = contexts.deriveControlContext(ssrc);
                } catch (GeneralSecurityException | RuntimeException e) {
                    return SrtpError.CRYPTO_FAILURE;
                }
            }
            context = spareRtcp;
        }
        view.point(buf, off, len);
        try {
            SrtpErrorStatus status = context.reverseTransformPacket(view);
            if (status != SrtpErrorStatus.OK) {
                return JitsiSrtp.code(status);
            }
            if (onTrial) {
                rtcp.put(ssrc, context);
                spareRtcp = null;
            }
            return view.getLength();
        } catch (GeneralSecurityException e) {
            dropSpareIfUsedRtcp(onTrial);
            return SrtpError.CRYPTO_FAILURE;
        } catch (RuntimeException e) {
            dropSpareIfUsedRtcp(onTrial);
            return SrtpError.INTERNAL_ERROR;
        } finally {
            view.clear();
        }
    }

    private void dropSpareIfUsedRtp(boolean used) {
        if (used) {
            spareRtp = null;
        }
    }

    private void dropSpareIfUsedRtcp(boolean used) {
        if (used) {
            spareRtcp = null;
        }
    }

    long ssrcOverflowCount() {
        return ssrcOverflows;
    }

    int rtpSsrcCount() {
        return rtp.size();
    }

    int rtcpSsrcCount() {
        return rtcp.size();
    }
}
