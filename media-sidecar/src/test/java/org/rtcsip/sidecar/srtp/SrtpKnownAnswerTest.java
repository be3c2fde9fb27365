package org.rtcsip.sidecar.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.junit.jupiter.api.Test;

/**
 * Published vectors: RFC 3711 Appendix B.2 and B.3, and libSRTP's srtp_validate() packets
 * (test/srtp_driver.c), which use the RFC 3711 B.3 master key and salt with SSRC 0xcafebabe.
 */
class SrtpKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 3711 §B.3 master key and salt (also libSRTP's test_key).
    private static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

    // libSRTP srtp_validate(): PT 15, seq 0x1234, ts 0xdecafbad, SSRC 0xcafebabe, 16 bytes of 0xab.
    private static final byte[] RTP_PLAIN = hex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] SRTP_SHA1_80 = hex("800f1234decafbadcafebabe"
            + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb");
    // AES_CM_128_HMAC_SHA1_32 is the same cipher text with the tag cut to 4 bytes.
    private static final byte[] SRTP_SHA1_32 = Arrays.copyOf(SRTP_SHA1_80, 32);
    // Sender report from 0xcafebabe; libSRTP's first SRTCP packet carries index 1 (E flag set).
    private static final byte[] RTCP_PLAIN = hex("81c8000bcafebabe" + "ab".repeat(16));
    private static final byte[] SRTCP_SHA1_80 = hex("81c8000bcafebabe"
            + "7128035be487b9bdbef89041f977a5a8" + "80000001" + "993e08cd54d6c1230798");

    @Test
    void rfc3711B2AesCmKeystreamAsJitsisCounterModeCipherProducesIt() throws Exception {
        SrtpCipherCtr ctr = new SrtpCipherCtr(Aes.createCipher("AES/CTR/NoPadding"));
        ctr.init(hex("2B7E151628AED2A6ABF7158809CF4F3C"), null);
        // Session salt F0F1..FCFD with SSRC 0 and index 0: the IV is the shifted salt.
        ctr.setIV(hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), Cipher.ENCRYPT_MODE);
        byte[] keystream = new byte[65282 * 16]; // the whole segment of the RFC
        ctr.process(keystream, 0, keystream.length);

        assertEquals("E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB"
                        + "41E95B3BB0A2E8DD477901E4FCA894C0",
                HEX.withUpperCase().formatHex(keystream, 0, 48));
        assertEquals("EC8CDF7398607CB0F2D21675EA9EA1E4" + "362B7C3C6773516318A077D7FC5073AE"
                        + "6A2CC3787889374FBEB4C81B17BA6C44",
                HEX.withUpperCase().formatHex(keystream, keystream.length - 48, keystream.length));
    }

    @Test
    void rfc3711B3SessionKeysDerivedForOurSuitePolicyMatch() throws Exception {
        SrtpPolicy policy = SrtpSuite.AES_CM_128_HMAC_SHA1_80.rtpPolicy();
        assertEquals("C61E7A93744F39EE10734AFE3FF7A087", derive(policy, 0x00, 16)); // cipher key
        assertEquals("30CBBC08863D8C85D49DB34A9AE1", derive(policy, 0x02, 14)); // cipher salt
        assertEquals("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", derive(policy, 0x01, 20)); // auth key
    }

    @Test
    void protectsTheLibsrtpReferenceRtpPacketForSha1_80() {
        SrtpTransform p = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        byte[] buf = Arrays.copyOf(RTP_PLAIN, 64);
        int len = p.protectRtp(buf, 0, RTP_PLAIN.length);
        assertEquals(38, len);
        assertArrayEquals(SRTP_SHA1_80, Arrays.copyOf(buf, len));
    }

    @Test
    void protectsTheLibsrtpReferenceRtpPacketForSha1_32() {
        SrtpTransform p = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_32, MASTER_KEY, MASTER_SALT);
        byte[] buf = Arrays.copyOf(RTP_PLAIN, 64);
        int len = p.protectRtp(buf, 0, RTP_PLAIN.length);
        assertArrayEquals(SRTP_SHA1_32, Arrays.copyOf(buf, len));
    }

    @Test
    void unprotectsTheLibsrtpReferenceRtpPackets() {
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32}) {
            byte[] srtp = suite == SrtpSuite.AES_CM_128_HMAC_SHA1_80 ? SRTP_SHA1_80 : SRTP_SHA1_32;
            SrtpTransform u = new SrtpTransform(suite, MASTER_KEY, MASTER_SALT);
            byte[] buf = srtp.clone();
            int len = u.unprotectRtp(buf, 0, buf.length);
            assertEquals(RTP_PLAIN.length, len, suite.name());
            assertArrayEquals(RTP_PLAIN, Arrays.copyOf(buf, len), suite.name());
        }
    }

    @Test
    void protectsTheLibsrtpReferenceRtcpPacketAsItsSecond() {
        // RFC 3711 §3.4 lets the first index be 0 (jitsi) or 1 (libSRTP): send one packet first to line up.
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32}) {
            SrtpTransform p = new SrtpTransform(suite, MASTER_KEY, MASTER_SALT);
            byte[] first = Arrays.copyOf(RTCP_PLAIN, 64);
            assertEquals(38, p.protectRtcp(first, 0, RTCP_PLAIN.length));
            assertEquals("80000000", HEX.formatHex(first, 24, 28), "jitsi's first SRTCP index");

            byte[] buf = Arrays.copyOf(RTCP_PLAIN, 64);
            int len = p.protectRtcp(buf, 0, RTCP_PLAIN.length);
            // The _32 suite keeps the 80-bit tag for SRTCP (RFC 4568 §6.2.2), so both match libSRTP.
            assertArrayEquals(SRTCP_SHA1_80, Arrays.copyOf(buf, len), suite.name());
        }
    }

    @Test
    void unprotectsTheLibsrtpReferenceRtcpPacket() {
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32}) {
            SrtpTransform u = new SrtpTransform(suite, MASTER_KEY, MASTER_SALT);
            byte[] buf = SRTCP_SHA1_80.clone();
            int len = u.unprotectRtcp(buf, 0, buf.length);
            assertEquals(RTCP_PLAIN.length, len, suite.name());
            assertArrayEquals(RTCP_PLAIN, Arrays.copyOf(buf, len), suite.name());
        }
    }

    @Test
    void theMkiSitsBetweenTheEncryptedPortionAndTheTagAndIsNotAuthenticated() {
        // RFC 3711 §3.1: the MKI is outside the authenticated portion, so the libSRTP tag still holds.
        byte[] mki = {0x00, 0x00, 0x00, 0x07};
        SrtpTransform p = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT, mki);
        byte[] buf = Arrays.copyOf(RTP_PLAIN, 64);
        int len = p.protectRtp(buf, 0, RTP_PLAIN.length);
        String expected = HEX.formatHex(SRTP_SHA1_80, 0, 28) + "00000007" + HEX.formatHex(SRTP_SHA1_80, 28, 38);
        assertEquals(expected, HEX.formatHex(buf, 0, len));

        byte[] rtcp = Arrays.copyOf(RTCP_PLAIN, 64);
        p.protectRtcp(rtcp, 0, RTCP_PLAIN.length);
        rtcp = Arrays.copyOf(RTCP_PLAIN, 64);
        len = p.protectRtcp(rtcp, 0, RTCP_PLAIN.length);
        // RFC 3711 §3.4: ... | E+SRTCP index | MKI | authentication tag
        expected = HEX.formatHex(SRTCP_SHA1_80, 0, 28) + "00000007" + HEX.formatHex(SRTCP_SHA1_80, 28, 38);
        assertEquals(expected, HEX.formatHex(rtcp, 0, len));

        SrtpTransform u = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT, mki);
        byte[] in = hex(HEX.formatHex(SRTP_SHA1_80, 0, 28) + "00000007" + HEX.formatHex(SRTP_SHA1_80, 28, 38));
        len = u.unprotectRtp(in, 0, in.length);
        assertArrayEquals(RTP_PLAIN, Arrays.copyOf(in, len));
    }

    @Test
    void gcmSrtpPacketsDecryptWithAnIndependentRfc7714Computation() throws Exception {
        for (SrtpSuite suite : new SrtpSuite[] {SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AEAD_AES_256_GCM}) {
            byte[] masterKey = new byte[suite.masterKeyLength()];
            byte[] masterSalt = new byte[suite.masterSaltLength()];
            for (int i = 0; i < masterKey.length; i++) {
                masterKey[i] = (byte) (0x10 + i);
            }
            for (int i = 0; i < masterSalt.length; i++) {
                masterSalt[i] = (byte) (0x80 + i);
            }
            SrtpTransform p = new SrtpTransform(suite, masterKey, masterSalt);
            // One CSRC so the AAD is more than the fixed header (RFC 7714 §8.2: the whole header).
            byte[] plain = hex("81601234decafbadcafebabe" + "11223344" + "00112233445566778899aabbccddeeff0102");
            byte[] buf = Arrays.copyOf(plain, 128);
            int len = p.protectRtp(buf, 0, plain.length);
            assertEquals(plain.length + 16, len, suite.name());

            // RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt; session keys per RFC 7714 §11.
            byte[] sessionKey = hex(derive(suite.rtpPolicy(), masterKey, masterSalt, 0x00, suite.masterKeyLength()));
            byte[] sessionSalt = hex(derive(suite.rtpPolicy(), masterKey, masterSalt, 0x02, 12));
            byte[] iv = hex("0000" + "cafebabe" + "00000000" + "1234");
            for (int i = 0; i < 12; i++) {
                iv[i] ^= sessionSalt[i];
            }
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(buf, 0, 16);
            byte[] payload = gcm.doFinal(buf, 16, len - 16);
            assertArrayEquals(Arrays.copyOfRange(plain, 16, plain.length), payload, suite.name());
            assertArrayEquals(Arrays.copyOf(plain, 16), Arrays.copyOf(buf, 16), "header stays clear");
        }
    }

    @Test
    void gcmSrtcpPacketsDecryptWithAnIndependentRfc7714Computation() throws Exception {
        SrtpSuite suite = SrtpSuite.AEAD_AES_128_GCM;
        byte[] masterKey = hex("000102030405060708090a0b0c0d0e0f");
        byte[] masterSalt = hex("517569642070726f2071756f");
        SrtpTransform p = new SrtpTransform(suite, masterKey, masterSalt);
        byte[] plain = hex("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeef");
        byte[] buf = Arrays.copyOf(plain, 128);
        int len = p.protectRtcp(buf, 0, plain.length);
        // RFC 7714 §9.1: header(8) | cipher text + tag(16) | E + SRTCP index
        assertEquals(plain.length + 16 + 4, len);
        assertEquals("80000000", HEX.formatHex(buf, len - 4, len));

        byte[] sessionKey = hex(derive(suite.rtcpPolicy(), masterKey, masterSalt, 0x03, 16));
        byte[] sessionSalt = hex(derive(suite.rtcpPolicy(), masterKey, masterSalt, 0x05, 12));
        // RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt
        byte[] iv = hex("0000" + "4d617273" + "0000" + "00000000");
        for (int i = 0; i < 12; i++) {
            iv[i] ^= sessionSalt[i];
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new GCMParameterSpec(128, iv));
        // RFC 7714 §9.1: AAD = the first 8 octets of the RTCP header || E + SRTCP index
        gcm.updateAAD(buf, 0, 8);
        gcm.updateAAD(buf, len - 4, 4);
        byte[] body = gcm.doFinal(buf, 8, len - 8 - 4);
        assertArrayEquals(Arrays.copyOfRange(plain, 8, plain.length), body);
    }

    private static String derive(SrtpPolicy policy, int label, int length) throws Exception {
        return derive(policy, MASTER_KEY, MASTER_SALT, label, length).toUpperCase();
    }

    /** jitsi's RFC 3711 §4.3 key derivation is package-private; the vectors must reach the code that runs. */
    private static String derive(SrtpPolicy policy, byte[] key, byte[] salt, int label, int length) throws Exception {
        Class<?> kdfClass = Class.forName("org.jitsi.srtp.SrtpKdf");
        Constructor<?> c = kdfClass.getDeclaredConstructor(byte[].class, byte[].class, SrtpPolicy.class);
        c.setAccessible(true);
        Object kdf = c.newInstance(key, salt, policy);
        Method m = kdfClass.getDeclaredMethod("deriveSessionKey", byte[].class, byte.class);
        m.setAccessible(true);
        byte[] out = new byte[length];
        m.invoke(kdf, out, (byte) label);
        return HEX.formatHex(out);
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }
}
