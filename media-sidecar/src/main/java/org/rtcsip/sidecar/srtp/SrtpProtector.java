package org.rtcsip.sidecar.srtp;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * The sending half of an {@link SrtpTransform}: every SSRC sent, up to {@link SrtpTransform#MAX_SSRCS}, gets
 * its own crypto context on its first packet. Not thread-safe.
 */
final class SrtpProtector {
    private final SrtpSuite suite;
    private final SrtpContextFactory contexts;
    private final byte[] mki;
    private final SsrcTable<SrtpCryptoContext> rtp = new SsrcTable<>(SrtpTransform.MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcp = new SsrcTable<>(SrtpTransform.MAX_SSRCS);
    private final JitsiPacketView view = new JitsiPacketView();
    private long ssrcOverflows;

    /** Arguments as checked by {@link SrtpTransform}; the MKI is not copied again. */
    SrtpProtector(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, byte[] mki) {
        this.suite = suite;
        this.mki = mki;
        this.contexts = JitsiSrtp.contextFactory(true, suite, masterKey, masterSalt);
    }

    int protectRtp(byte[] buf, int off, int len) {
        if (!PacketLayout.inBounds(buf, off, len) || PacketLayout.rtpHeaderLength(buf, off, len) < 0) {
            return SrtpError.MALFORMED;
        }
        int tag = suite.rtpAuthTagLength();
        if (buf.length - off - len < tag + mki.length) {
            return SrtpError.NO_ROOM;
        }
        int ssrc = PacketLayout.readInt(buf, off + 8);
        SrtpCryptoContext context = rtp.get(ssrc);
        if (context == null) {
            if (rtp.isFull()) {
                ssrcOverflows++;
                return SrtpError.TOO_MANY_SSRCS;
            }
            try {
                context = contexts.deriveContext(ssrc, 0);
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpError.CRYPTO_FAILURE;
            }
            rtp.put(ssrc, context);
        }
        view.point(buf, off, len);
        try {
            SrtpErrorStatus status = context.transformPacket(view);
            if (status != SrtpErrorStatus.OK) {
                return JitsiSrtp.code(status);
            }
            return PacketLayout.insertMki(buf, off, view.getLength(), tag, mki);
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO_FAILURE;
        } catch (RuntimeException e) {
            return SrtpError.INTERNAL_ERROR;
        } finally {
            view.clear();
        }
    }

    int protectRtcp(byte[] buf, int off, int len) {
        if (!PacketLayout.inBounds(buf, off, len) || !PacketLayout.isRtcpV2(buf, off, len)) {
            return SrtpError.MALFORMED;
        }
        int tag = suite.rtcpAuthTagLength();
        if (buf.length - off - len < PacketLayout.SRTCP_INDEX + tag + mki.length) {
            return SrtpError.NO_ROOM;
        }
        int ssrc = PacketLayout.readInt(buf, off + 4);
        SrtcpCryptoContext context = rtcp.get(ssrc);
        if (context == null) {
            if (rtcp.isFull()) {
                ssrcOverflows++;
                return SrtpError.TOO_MANY_SSRCS;
            }
            try {
                context = contexts.deriveControlContext(ssrc);
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpError.CRYPTO_FAILURE;
            }
            rtcp.put(ssrc, context);
        }
        view.point(buf, off, len);
        try {
            SrtpErrorStatus status = context.transformPacket(view);
            if (status != SrtpErrorStatus.OK) {
                return JitsiSrtp.code(status);
            }
            return PacketLayout.insertMki(buf, off, view.getLength(), tag, mki);
        } catch (GeneralSecurityException e) {
            return SrtpError.CRYPTO_FAILURE;
        } catch (RuntimeException e) {
            return SrtpError.INTERNAL_ERROR;
        } finally {
            view.clear();
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
