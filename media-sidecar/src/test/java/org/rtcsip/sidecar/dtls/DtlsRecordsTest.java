package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DtlsRecordsTest {
    // An alert record: type 21, DTLS 1.2 (FE FD), epoch 0, seq 1, length 2, warning close_notify.
    private static final String ALERT = "15fefd0000000000000001" + "0002" + "0100";

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource({
        "'', 0, empty datagram",
        "15fefd00000000000000010002, 0, header without its body",
        "15fefd000000000000000100020100, 15, one whole record",
        "15fefd00000000000000010002010015fefd000000000000000200020100, 30, two whole records",
        "15fefd000000000000000100020100ff, 15, a record and a junk byte",
        "15fefd00000000000000010002010015fefd0000, 15, a record and a truncated header",
        "80000001000000000000000000000000, 0, an RTP packet",
        "00010008abcdef01, 0, a STUN-looking packet",
        "19fefd000000000000000100020100, 0, content type 25 (tls12_cid not negotiated)",
        "13fefd000000000000000100020100, 0, content type 19",
        "150303000000000000000100020100, 0, a TLS (not DTLS) version",
        "15fefe000000000000000100020100, 0, the reserved DTLS version 254.254",
        "15feff000000000000000100020100, 15, DTLS 1.0",
        "15fefd0000000000000001ffff0100, 0, a length past the datagram",
    })
    void keepsOnlyWholePlausibleRecords(String hex, int prefix, String what) {
        byte[] b = HexFormat.of().parseHex(hex);
        assertEquals(prefix, DtlsRecords.wellFormedPrefix(b, 0, b.length), what);
    }

    @Test
    void readsWithinTheGivenWindowOnly() {
        byte[] b = HexFormat.of().parseHex("ffff" + ALERT + "ffff");
        assertEquals(15, DtlsRecords.wellFormedPrefix(b, 2, 15));
        assertEquals(0, DtlsRecords.wellFormedPrefix(b, 2, 14));
    }

    @Test
    void refusesARecordLongerThanRfc6347Allows() {
        byte[] b = new byte[DtlsRecords.HEADER + DtlsRecords.MAX_RECORD_BODY + 1];
        b[0] = 23;
        b[1] = (byte) 0xFE;
        b[2] = (byte) 0xFD;
        b[11] = (byte) ((DtlsRecords.MAX_RECORD_BODY + 1) >> 8);
        b[12] = (byte) (DtlsRecords.MAX_RECORD_BODY + 1);
        assertEquals(0, DtlsRecords.wellFormedPrefix(b, 0, b.length));
        b[12]--;
        assertEquals(b.length - 1, DtlsRecords.wellFormedPrefix(b, 0, b.length));
    }

    @Test
    void recognisesAClientHelloOnlyInEpochZero() {
        byte[] hello = HexFormat.of().parseHex("16fefd0000000000000000000d" + "010000010000000000000001" + "00");
        assertTrue(DtlsRecords.startsWithClientHello(hello, 0, hello.length));
        byte[] epochOne = hello.clone();
        epochOne[4] = 1;
        assertFalse(DtlsRecords.startsWithClientHello(epochOne, 0, epochOne.length));
        byte[] serverHello = hello.clone();
        serverHello[13] = 2;
        assertFalse(DtlsRecords.startsWithClientHello(serverHello, 0, serverHello.length));
        assertFalse(DtlsRecords.startsWithClientHello(hello, 0, DtlsRecords.HEADER));
    }

    @Test
    void readsMessageSeqOfPlaintextHandshakeRecordsOnly() {
        byte[] hello = HexFormat.of().parseHex("16fefd0000000000000000000c" + "01000000" + "0007" + "000000000000");
        assertEquals(7, DtlsRecords.messageSeq(hello));
        byte[] encrypted = hello.clone();
        encrypted[4] = 1;
        assertEquals(-1, DtlsRecords.messageSeq(encrypted));
        assertEquals(-1, DtlsRecords.messageSeq(HexFormat.of().parseHex(ALERT)));
    }
}
