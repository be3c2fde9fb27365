package org.rtcsip.sidecar.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SrtpSuiteTest {

    @Test
    void aesCm128Sha1_80CarriesTheLengthsOfRfc4568Section6_2_1() {
        SrtpSuite s = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        assertEquals("AES_CM_128_HMAC_SHA1_80", s.sdpName());
        assertEquals(16, s.masterKeyLength());
        assertEquals(14, s.masterSaltLength());
        assertEquals(30, s.inlineKeyLength());
        assertEquals(10, s.rtpAuthTagLength());
        assertEquals(10, s.rtcpAuthTagLength());
        assertFalse(s.isAead());
    }

    @Test
    void aesCm128Sha1_32ShortensOnlyTheSrtpTagNotTheSrtcpTag() {
        // RFC 4568 §6.2.2: SRTCP keeps the 80-bit tag.
        SrtpSuite s = SrtpSuite.AES_CM_128_HMAC_SHA1_32;
        assertEquals(16, s.masterKeyLength());
        assertEquals(14, s.masterSaltLength());
        assertEquals(4, s.rtpAuthTagLength());
        assertEquals(10, s.rtcpAuthTagLength());
    }

    @Test
    void gcmSuitesCarryTheLengthsOfRfc7714Section12() {
        assertEquals(16, SrtpSuite.AEAD_AES_128_GCM.masterKeyLength());
        assertEquals(12, SrtpSuite.AEAD_AES_128_GCM.masterSaltLength());
        assertEquals(28, SrtpSuite.AEAD_AES_128_GCM.inlineKeyLength());
        assertEquals(16, SrtpSuite.AEAD_AES_128_GCM.rtpAuthTagLength());
        assertEquals(16, SrtpSuite.AEAD_AES_128_GCM.rtcpAuthTagLength());
        assertTrue(SrtpSuite.AEAD_AES_128_GCM.isAead());
        assertEquals(32, SrtpSuite.AEAD_AES_256_GCM.masterKeyLength());
        assertEquals(12, SrtpSuite.AEAD_AES_256_GCM.masterSaltLength());
        assertEquals(44, SrtpSuite.AEAD_AES_256_GCM.inlineKeyLength());
    }

    @Test
    void dtlsProtectionProfileIdsAreTheRegisteredOnes() {
        // RFC 5764 §4.1.2 and RFC 7714 §14.2
        assertEquals(0x0001, SrtpSuite.AES_CM_128_HMAC_SHA1_80.dtlsProtectionProfile());
        assertEquals(0x0002, SrtpSuite.AES_CM_128_HMAC_SHA1_32.dtlsProtectionProfile());
        assertEquals(0x0007, SrtpSuite.AEAD_AES_128_GCM.dtlsProtectionProfile());
        assertEquals(0x0008, SrtpSuite.AEAD_AES_256_GCM.dtlsProtectionProfile());
        assertSame(SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.fromDtlsProtectionProfile(0x0007));
        assertNull(SrtpSuite.fromDtlsProtectionProfile(0x0005));
    }

    @Test
    void everySuiteIsFoundByItsOwnSdpName() {
        for (SrtpSuite s : SrtpSuite.values()) {
            assertSame(s, SrtpSuite.fromSdpName(s.sdpName()));
        }
    }

    @Test
    void sdpNamesMatchWithoutRegardToCaseAsAbnfLiteralsDo() {
        assertSame(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.fromSdpName("aes_cm_128_hmac_sha1_80"));
    }

    @Test
    void everySuiteHasACipherInThisJvm() {
        SrtpSuite.prepareCiphers(); // throws IllegalStateException for a suite it cannot set up
    }

    @Test
    void unknownSuitesAreNull() {
        assertNull(SrtpSuite.fromSdpName("F8_128_HMAC_SHA1_80"));
        assertNull(SrtpSuite.fromSdpName("AES_192_CM_HMAC_SHA1_80"));
        assertNull(SrtpSuite.fromSdpName(""));
        assertNull(SrtpSuite.fromSdpName(null));
    }
}
