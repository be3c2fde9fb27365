package org.rtcsip.sidecar.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpRoundTripTest {
    private static final int ROOM = 64;

    // --- packet builders -------------------------------------------------------------------------------------

    /** An RTP packet of {@code payloadLength} bytes at offset {@code off} of a buffer with room after it. */
    static byte[] rtp(int off, int ssrc, int seq, int payloadLength) {
        byte[] buf = new byte[off + 12 + payloadLength + ROOM];
        buf[off] = (byte) 0x80;
        buf[off + 1] = 0; // PCMU
        buf[off + 2] = (byte) (seq >>> 8);
        buf[off + 3] = (byte) seq;
        int ts = seq * 160;
        buf[off + 4] = (byte) (ts >>> 24);
        buf[off + 5] = (byte) (ts >>> 16);
        buf[off + 6] = (byte) (ts >>> 8);
        buf[off + 7] = (byte) ts;
        putInt(buf, off + 8, ssrc);
        for (int i = 0; i < payloadLength; i++) {
            buf[off + 12 + i] = (byte) (seq + i * 7);
        }
        return buf;
    }

    /** A sender report of 28 bytes from {@code ssrc}. */
    static byte[] rtcp(int off, int ssrc, int salt) {
        byte[] buf = new byte[off + 28 + ROOM];
        buf[off] = (byte) 0x80;
        buf[off + 1] = (byte) 200;
        buf[off + 3] = 6;
        putInt(buf, off + 4, ssrc);
        for (int i = 8; i < 28; i++) {
            buf[off + i] = (byte) (salt + i);
        }
        return buf;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static byte[][] keys(SrtpSuite suite, long seed) {
        java.util.Random r = new java.util.Random(seed);
        byte[] key = new byte[suite.masterKeyLength()];
        byte[] salt = new byte[suite.masterSaltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        return new byte[][] {key, salt};
    }

    static SrtpTransform protector(SrtpSuite suite) {
        byte[][] k = keys(suite, 1);
        return new SrtpTransform(suite, k[0], k[1]);
    }

    static SrtpTransform unprotector(SrtpSuite suite) {
        byte[][] k = keys(suite, 1);
        return new SrtpTransform(suite, k[0], k[1]);
    }

    // --- round trips -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectThenUnprotectRestoresRtpBytes(SrtpSuite suite) {
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        for (int seq = 1000; seq < 1010; seq++) {
            byte[] plain = rtp(7, 0x11223344, seq, 160);
            byte[] buf = plain.clone();
            int len = p.protectRtp(buf, 7, 172);
            assertEquals(172 + suite.rtpAuthTagLength(), len);
            assertEquals(172 + p.rtpOverhead(), len);
            assertNotEquals(Arrays.toString(Arrays.copyOfRange(plain, 19, 179)),
                    Arrays.toString(Arrays.copyOfRange(buf, 19, 179)), "payload is encrypted");
            int back = u.unprotectRtp(buf, 7, len);
            assertEquals(172, back, SrtpError.label(back));
            assertArrayEquals(Arrays.copyOfRange(plain, 0, 7 + 172), Arrays.copyOfRange(buf, 0, 7 + 172));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectThenUnprotectRestoresRtpWithCsrcsAndAHeaderExtension(SrtpSuite suite) {
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        // V=2 X=1 CC=2, two CSRCs, a one-byte-header extension (0xBEDE) of 1 word, 20 bytes payload.
        byte[] plain = new byte[12 + 8 + 8 + 20 + ROOM];
        plain[0] = (byte) 0x92;
        plain[1] = 111;
        plain[3] = 5;
        putInt(plain, 8, 0x0a0b0c0d);
        putInt(plain, 12, 1);
        putInt(plain, 16, 2);
        plain[20] = (byte) 0xBE;
        plain[21] = (byte) 0xDE;
        plain[23] = 1;
        plain[24] = 0x10;
        plain[25] = 0x7f;
        for (int i = 28; i < 48; i++) {
            plain[i] = (byte) i;
        }
        byte[] buf = plain.clone();
        int len = p.protectRtp(buf, 0, 48);
        assertArrayEquals(Arrays.copyOf(plain, 28), Arrays.copyOf(buf, 28), "header and extension stay clear");
        assertEquals(48, u.unprotectRtp(buf, 0, len));
        assertArrayEquals(Arrays.copyOf(plain, 48), Arrays.copyOf(buf, 48));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectThenUnprotectRestoresRtcpBytes(SrtpSuite suite) {
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        for (int i = 0; i < 5; i++) {
            byte[] plain = rtcp(3, 0x55667788, i);
            byte[] buf = plain.clone();
            int len = p.protectRtcp(buf, 3, 28);
            assertEquals(28 + 4 + suite.rtcpAuthTagLength(), len);
            assertEquals(28 + p.rtcpOverhead(), len);
            int back = u.unprotectRtcp(buf, 3, len);
            assertEquals(28, back, SrtpError.label(back));
            assertArrayEquals(Arrays.copyOfRange(plain, 0, 31), Arrays.copyOfRange(buf, 0, 31));
        }
    }

    @Test
    void bytesOutsideThePacketAreLeftAlone() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] buf = rtp(5, 1, 1, 20);
        Arrays.fill(buf, 0, 5, (byte) 0x5a);
        Arrays.fill(buf, 5 + 32, buf.length, (byte) 0x5a);
        int len = p.protectRtp(buf, 5, 32);
        for (int i = 0; i < 5; i++) {
            assertEquals(0x5a, buf[i]);
        }
        for (int i = 5 + len; i < buf.length; i++) {
            assertEquals(0x5a, buf[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rolloverOfTheSequenceNumberKeepsDecrypting(SrtpSuite suite) {
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        for (int i = 0; i < 12; i++) {
            int seq = (65530 + i) & 0xffff;
            byte[] buf = rtp(0, 9, seq, 40);
            byte[] plain = buf.clone();
            int len = p.protectRtp(buf, 0, 52);
            assertEquals(52, u.unprotectRtp(buf, 0, len), "seq " + seq);
            assertArrayEquals(Arrays.copyOf(plain, 52), Arrays.copyOf(buf, 52));
        }
    }

    @Test
    void reorderedPacketsWithinTheReplayWindowAreAccepted() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpTransform u = unprotector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[][] packets = new byte[10][];
        int[] lengths = new int[10];
        for (int i = 0; i < 10; i++) {
            packets[i] = rtp(0, 9, 500 + i, 40);
            lengths[i] = p.protectRtp(packets[i], 0, 52);
        }
        for (int i : new int[] {0, 3, 1, 2, 9, 4, 8, 5, 7, 6}) {
            assertEquals(52, u.unprotectRtp(packets[i], 0, lengths[i]), "packet " + i);
        }
    }

    // --- refusals --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void aTamperedByteAnywhereFailsAuthentication(SrtpSuite suite) {
        int len = 62 + suite.rtpAuthTagLength();
        // payload type, sequence number, SSRC, first and a middle payload byte, last tag byte
        for (int at : new int[] {1, 3, 11, 12, 40, len - 1}) {
            SrtpTransform u = unprotector(suite);
            byte[] buf = rtp(0, 3, 77, 50);
            assertEquals(len, protector(suite).protectRtp(buf, 0, 62));
            buf[at] ^= 0x01;
            assertEquals(SrtpError.AUTH_FAIL, u.unprotectRtp(buf, 0, len), "byte " + at);
            assertEquals(0, u.rtpSsrcCount());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void aTamperedRtcpByteFailsAuthentication(SrtpSuite suite) {
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        byte[] buf = rtcp(0, 4, 0);
        int len = p.protectRtcp(buf, 0, 28);
        buf[20] ^= 0x40;
        assertEquals(SrtpError.AUTH_FAIL, u.unprotectRtcp(buf, 0, len));
        assertEquals(0, u.rtcpSsrcCount());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void aReplayedPacketIsRefused(SrtpSuite suite) {
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        byte[] buf = rtp(0, 3, 200, 50);
        int len = p.protectRtp(buf, 0, 62);
        byte[] copy = buf.clone();
        assertEquals(62, u.unprotectRtp(buf, 0, len));
        assertEquals(SrtpError.REPLAY, u.unprotectRtp(copy, 0, len));

        byte[] r = rtcp(0, 3, 0);
        int rlen = p.protectRtcp(r, 0, 28);
        byte[] rcopy = r.clone();
        assertEquals(28, u.unprotectRtcp(r, 0, rlen));
        assertEquals(SrtpError.REPLAY, u.unprotectRtcp(rcopy, 0, rlen));
    }

    @Test
    void aPacketOlderThanTheReplayWindowIsRefused() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpTransform u = unprotector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] old = rtp(0, 3, 100, 20);
        int oldLen = p.protectRtp(old, 0, 32);
        byte[] latest = rtp(0, 3, 300, 20);
        int latestLen = p.protectRtp(latest, 0, 32);
        assertEquals(32, u.unprotectRtp(latest, 0, latestLen));
        assertEquals(SrtpError.REPLAY_TOO_OLD, u.unprotectRtp(old, 0, oldLen));
    }

    /** Protects one packet of SSRC 3 numbered {@code seq} and unprotects it: the result code. */
    private static int roundTrip(SrtpTransform p, SrtpTransform u, int seq) {
        byte[] buf = rtp(0, 3, seq & 0xFFFF, 20);
        int len = p.protectRtp(buf, 0, 32);
        assertEquals(32 + 10, len);
        return u.unprotectRtp(buf, 0, len);
    }

    @Test
    void aStrayJumpFromTheSenderCostsOnlyThatPacket() {
        for (int jump : new int[] {100, 1000, 30000, -100, -1000}) {
            SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
            SrtpTransform u = unprotector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
            for (int seq = 5000; seq < 5010; seq++) {
                assertEquals(32, roundTrip(p, u, seq));
            }
            // a sender's own SRTP refuses to go back, so the stray comes from a second context under the same key, as
            // from a B2BUA that switched media sources without renumbering
            int stray = roundTrip(protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80), u, 5010 + jump);
            assertTrue(stray == SrtpError.SEQUENCE_JUMP || stray == SrtpError.REPLAY_TOO_OLD,
                    "jump " + jump + ": " + SrtpError.label(stray));
            for (int seq = 5010; seq < 5210; seq++) {
                assertEquals(32, roundTrip(p, u, seq), "jump " + jump + ", packet " + seq);
            }
        }
    }

    @Test
    void aSenderThatJumpsAheadForGoodIsFollowedFromItsSecondPacket() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpTransform u = unprotector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertEquals(32, roundTrip(p, u, 100));
        assertEquals(SrtpError.SEQUENCE_JUMP, roundTrip(p, u, 20000));
        for (int seq = 20001; seq < 20100; seq++) {
            assertEquals(32, roundTrip(p, u, seq), "packet " + seq);
        }
        assertEquals(SrtpError.REPLAY_TOO_OLD, roundTrip(protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80), u, 101),
                "the old numbering is behind the window now");
    }

    @Test
    void aHeldPacketReplayedAgainAndAgainIsNeverAccepted() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpTransform u = unprotector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] old = rtp(0, 3, 100, 20);
        int oldLen = p.protectRtp(old, 0, 32);
        for (int seq = 101; seq < 400; seq++) {
            assertEquals(32, roundTrip(p, u, seq));
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(SrtpError.isError(u.unprotectRtp(old.clone(), 0, oldLen)), "replay " + i);
        }
        assertEquals(32, roundTrip(p, u, 400), "the stream goes on");
    }

    @Test
    void aForgedPacketCannotConfirmAJump() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpTransform u = unprotector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertEquals(32, roundTrip(p, u, 100));
        assertEquals(SrtpError.SEQUENCE_JUMP, roundTrip(protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80), u, 20000));
        byte[] forged = rtp(0, 3, 20001, 20);
        int len = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80).protectRtp(forged, 0, 32);
        forged[20] ^= 1;
        assertEquals(SrtpError.AUTH_FAIL, u.unprotectRtp(forged, 0, len));
        assertEquals(32, roundTrip(p, u, 101), "the window did not move");
    }

    @Test
    void protectingTheSameSequenceNumberTwiceIsRefusedSoKeystreamIsNeverReused() {
        // RFC 3711 §9.1: an index must never be used twice with the same key.
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertEquals(32 + 10, p.protectRtp(rtp(0, 3, 10, 20), 0, 32));
        assertEquals(SrtpError.REPLAY, p.protectRtp(rtp(0, 3, 10, 20), 0, 32));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void aWrongKeyFailsAuthenticationAndLeavesNoContextForThatSsrc(SrtpSuite suite) {
        byte[][] other = keys(suite, 99);
        SrtpTransform stranger = new SrtpTransform(suite, other[0], other[1]);
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);

        byte[] forged = rtp(0, 0x42, 40000, 30);
        int len = stranger.protectRtp(forged, 0, 42);
        assertEquals(SrtpError.AUTH_FAIL, u.unprotectRtp(forged, 0, len));
        assertEquals(0, u.rtpSsrcCount());

        byte[] forgedRtcp = rtcp(0, 0x42, 0);
        int rlen = stranger.protectRtcp(forgedRtcp, 0, 28);
        assertEquals(SrtpError.AUTH_FAIL, u.unprotectRtcp(forgedRtcp, 0, rlen));
        assertEquals(0, u.rtcpSsrcCount());

        // The genuine sender with that SSRC, starting far from the forged sequence number, still gets in.
        byte[] genuine = rtp(0, 0x42, 100, 30);
        len = p.protectRtp(genuine, 0, 42);
        assertEquals(42, u.unprotectRtp(genuine, 0, len));
        assertEquals(1, u.rtpSsrcCount());
    }

    @Test
    void aStrangersForgedPacketDoesNotDisturbTheNextNewSsrc() {
        // The context that tried the forged packet is reused for the next SSRC: it must come back clean.
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        byte[][] other = keys(suite, 99);
        SrtpTransform stranger = new SrtpTransform(suite, other[0], other[1]);
        SrtpTransform u = unprotector(suite);
        for (int i = 0; i < 3; i++) {
            byte[] forged = rtp(0, 0x1000 + i, 100, 30);
            int len = stranger.protectRtp(forged, 0, 42);
            assertEquals(SrtpError.AUTH_FAIL, u.unprotectRtp(forged, 0, len));
        }
        byte[] genuine = rtp(0, 0x2000, 40000, 30);
        int len = protector(suite).protectRtp(genuine, 0, 42);
        assertEquals(42, u.unprotectRtp(genuine, 0, len));
        // and the SSRC that authenticated keeps its replay state
        byte[] again = rtp(0, 0x2000, 40000, 30);
        len = protector(suite).protectRtp(again, 0, 42);
        assertEquals(SrtpError.REPLAY, u.unprotectRtp(again, 0, len));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void twoSsrcsInOneDirectionBothWork(SrtpSuite suite) {
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        for (int i = 0; i < 20; i++) {
            int ssrc = (i % 2 == 0) ? 0xaaaa0001 : 0xbbbb0002;
            int seq = (i % 2 == 0) ? 10 + i : 60000 + i;
            byte[] plain = rtp(0, ssrc, seq, 20);
            byte[] buf = plain.clone();
            int len = p.protectRtp(buf, 0, 32);
            assertEquals(32, u.unprotectRtp(buf, 0, len), "packet " + i);
            assertArrayEquals(Arrays.copyOf(plain, 32), Arrays.copyOf(buf, 32));

            byte[] r = rtcp(0, ssrc, i);
            int rlen = p.protectRtcp(r, 0, 28);
            assertEquals(28, u.unprotectRtcp(r, 0, rlen), "rtcp " + i);
        }
        assertEquals(2, p.rtpSsrcCount());
        assertEquals(2, u.rtpSsrcCount());
        assertEquals(2, u.rtcpSsrcCount());
    }

    @Test
    void theSsrcBeyondTheCapIsRefusedAndCountedInBothDirections() {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        SrtpTransform p = protector(suite);
        SrtpTransform u = unprotector(suite);
        for (int ssrc = 1; ssrc <= SrtpTransform.MAX_SSRCS; ssrc++) {
            byte[] buf = rtp(0, ssrc, 1, 10);
            int len = p.protectRtp(buf, 0, 22);
            assertEquals(22, u.unprotectRtp(buf, 0, len));
        }
        byte[] buf = rtp(0, 1000, 1, 10);
        assertEquals(SrtpError.TOO_MANY_SSRCS, p.protectRtp(buf, 0, 22));
        assertEquals(1, p.ssrcOverflowCount());

        SrtpTransform other = protector(suite);
        int len = other.protectRtp(buf, 0, 22);
        assertEquals(SrtpError.TOO_MANY_SSRCS, u.unprotectRtp(buf, 0, len));
        assertEquals(1, u.ssrcOverflowCount());
        // Known SSRCs keep working.
        byte[] known = rtp(0, 5, 2, 10);
        assertEquals(22, u.unprotectRtp(known, 0, p.protectRtp(known, 0, 22)));
        assertEquals(SrtpTransform.MAX_SSRCS, u.rtpSsrcCount());
    }

    @Test
    void protectRefusesABufferWithoutRoomForTheTagAndLeavesItUntouched() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] buf = Arrays.copyOf(rtp(0, 1, 1, 20), 32 + 9);
        byte[] before = buf.clone();
        assertEquals(SrtpError.NO_ROOM, p.protectRtp(buf, 0, 32));
        assertArrayEquals(before, buf);

        byte[] r = Arrays.copyOf(rtcp(0, 1, 0), 28 + 13);
        assertEquals(SrtpError.NO_ROOM, p.protectRtcp(r, 0, 28));
        assertEquals(0, p.rtpSsrcCount());
    }

    @Test
    void malformedPacketsAreRefusedBeforeAnyCryptography() {
        SrtpTransform p = protector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpTransform u = unprotector(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] ok = rtp(0, 1, 1, 20);

        assertEquals(SrtpError.MALFORMED, p.protectRtp(ok, 0, 11), "shorter than the fixed header");
        assertEquals(SrtpError.MALFORMED, p.protectRtp(null, 0, 32), "no buffer");
        assertEquals(SrtpError.MALFORMED, p.protectRtp(ok, -1, 32), "negative offset");
        assertEquals(SrtpError.MALFORMED, p.protectRtp(ok, 0, -5), "negative length");
        assertEquals(SrtpError.MALFORMED, p.protectRtp(ok, ok.length - 10, 32), "beyond the buffer");
        assertEquals(SrtpError.MALFORMED, p.protectRtp(ok, Integer.MAX_VALUE, 32), "offset overflow");
        assertEquals(SrtpError.MALFORMED, u.unprotectRtp(ok, 0, Integer.MAX_VALUE), "length overflow");

        byte[] v1 = ok.clone();
        v1[0] = 0x40;
        assertEquals(SrtpError.MALFORMED, p.protectRtp(v1, 0, 32), "RTP version 1");
        assertEquals(SrtpError.MALFORMED, u.unprotectRtp(v1, 0, 42), "RTP version 1");

        byte[] csrcs = ok.clone();
        csrcs[0] = (byte) 0x8f; // 15 CSRCs = 60 bytes, more than the packet
        assertEquals(SrtpError.MALFORMED, p.protectRtp(csrcs, 0, 32));
        assertEquals(SrtpError.MALFORMED, u.unprotectRtp(csrcs, 0, 42));

        byte[] ext = ok.clone();
        ext[0] = (byte) 0x90; // extension header claims 0xffff words
        ext[12] = (byte) 0xbe;
        ext[13] = (byte) 0xde;
        ext[14] = (byte) 0xff;
        ext[15] = (byte) 0xff;
        assertEquals(SrtpError.MALFORMED, p.protectRtp(ext, 0, 32));
        assertEquals(SrtpError.MALFORMED, u.unprotectRtp(ext, 0, 42));

        // A packet whose header fits but that has no room left for the tag it claims to carry.
        assertEquals(SrtpError.MALFORMED, u.unprotectRtp(ok, 0, 12 + 9));

        byte[] r = rtcp(0, 1, 0);
        assertEquals(SrtpError.MALFORMED, p.protectRtcp(r, 0, 7), "shorter than an RTCP header");
        assertEquals(SrtpError.MALFORMED, u.unprotectRtcp(r, 0, 8 + 4 + 9), "no room for index and tag");
        byte[] r1 = r.clone();
        r1[0] = 0x40;
        assertEquals(SrtpError.MALFORMED, p.protectRtcp(r1, 0, 28), "RTCP version 1");
        assertEquals(0, p.rtpSsrcCount() + p.rtcpSsrcCount() + u.rtpSsrcCount() + u.rtcpSsrcCount());
    }

    // --- MKI -------------------------------------------------------------------------------------------------

    @Test
    void anMkiIsWrittenOnSendAndCheckedOnReceive() {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_32;
        byte[][] k = keys(suite, 1);
        byte[] mki = {1, 2};
        SrtpTransform p = new SrtpTransform(suite, k[0], k[1], mki);
        SrtpTransform u = new SrtpTransform(suite, k[0], k[1], mki);
        SrtpTransform otherMki = new SrtpTransform(suite, k[0], k[1], new byte[] {1, 3});
        assertEquals(4 + 2, p.rtpOverhead());
        assertEquals(4 + 10 + 2, p.rtcpOverhead());

        byte[] plain = rtp(0, 7, 7, 20);
        byte[] buf = plain.clone();
        int len = p.protectRtp(buf, 0, 32);
        assertEquals(32 + 2 + 4, len);
        assertEquals(1, buf[32]);
        assertEquals(2, buf[33]);
        byte[] copy = buf.clone();
        assertEquals(32, u.unprotectRtp(buf, 0, len));
        assertArrayEquals(Arrays.copyOf(plain, 32), Arrays.copyOf(buf, 32));
        assertEquals(SrtpError.UNKNOWN_MKI, otherMki.unprotectRtp(copy, 0, len));

        byte[] r = rtcp(0, 7, 0);
        byte[] rplain = r.clone();
        int rlen = p.protectRtcp(r, 0, 28);
        assertEquals(28 + 4 + 2 + 10, rlen);
        byte[] rcopy = r.clone();
        assertEquals(28, u.unprotectRtcp(r, 0, rlen));
        assertArrayEquals(Arrays.copyOf(rplain, 28), Arrays.copyOf(r, 28));
        assertEquals(SrtpError.UNKNOWN_MKI, otherMki.unprotectRtcp(rcopy, 0, rlen));
    }

    @Test
    void transformsAreBuiltFromAnSdesAttributeIncludingItsMki() throws SdesParseException {
        SdesCryptoAttribute offer = SdesCryptoAttribute.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4");
        SrtpTransform p = SrtpTransform.forSdes(offer);
        SrtpTransform u = SrtpTransform.forSdes(offer);
        assertEquals(SrtpSuite.AES_CM_128_HMAC_SHA1_80, p.suite());
        assertEquals(10 + 4, p.rtpOverhead());
        byte[] buf = rtp(0, 1, 1, 20);
        int len = p.protectRtp(buf, 0, 32);
        assertEquals(0, buf[32]);
        assertEquals(1, buf[35]);
        assertEquals(32, u.unprotectRtp(buf, 0, len));

        SdesCryptoAttribute generated = SdesCryptoAttribute.generate(2, SrtpSuite.AEAD_AES_256_GCM, new SecureRandom());
        byte[] g = rtp(0, 1, 1, 20);
        int glen = SrtpTransform.forSdes(generated).protectRtp(g, 0, 32);
        assertEquals(32, SrtpTransform.forSdes(generated).unprotectRtp(g, 0, glen));
    }

    @Test
    void constructorsRefuseKeysOfTheWrongLengthAndMkisTheyCannotCarry() {
        SrtpSuite s = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SrtpTransform(s, new byte[15], new byte[14]));
        assertEquals("AES_CM_128_HMAC_SHA1_80 needs a 16-byte master key, got 15", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SrtpTransform(s, new byte[16], new byte[12]));
        assertEquals("AES_CM_128_HMAC_SHA1_80 needs a 14-byte master salt, got 12", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SrtpTransform(SrtpSuite.AEAD_AES_128_GCM, new byte[16], new byte[12], new byte[] {1}));
        assertEquals("MKI is not supported with AEAD_AES_128_GCM", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SrtpTransform(s, new byte[16], new byte[14], new byte[129]));
        assertEquals("MKI longer than 128 bytes", e.getMessage());
    }

    @Test
    void theCallersKeyArraysAreCopied() {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        byte[][] k = keys(suite, 1);
        SrtpTransform p = new SrtpTransform(suite, k[0], k[1]);
        Arrays.fill(k[0], (byte) 0);
        Arrays.fill(k[1], (byte) 0);
        byte[] buf = rtp(0, 1, 1, 20);
        int len = p.protectRtp(buf, 0, 32);
        assertEquals(32, unprotector(suite).unprotectRtp(buf, 0, len));
    }

    @Test
    void everyErrorHasItsOwnLabel() {
        int[] codes = {SrtpError.MALFORMED, SrtpError.AUTH_FAIL, SrtpError.REPLAY, SrtpError.REPLAY_TOO_OLD,
            SrtpError.TOO_MANY_SSRCS, SrtpError.NO_ROOM, SrtpError.UNKNOWN_MKI, SrtpError.CRYPTO_FAILURE,
            SrtpError.INTERNAL_ERROR, SrtpError.SEQUENCE_JUMP};
        Set<String> labels = new HashSet<>();
        for (int c : codes) {
            assertTrue(c < 0);
            assertTrue(SrtpError.isError(c));
            labels.add(SrtpError.label(c));
        }
        assertEquals(codes.length, labels.size());
        assertEquals("srtp_auth", SrtpError.label(SrtpError.AUTH_FAIL));
        assertEquals("srtp_replay", SrtpError.label(SrtpError.REPLAY));
        assertEquals(false, SrtpError.isError(0));
        assertEquals(false, SrtpError.isError(172));
    }
}
