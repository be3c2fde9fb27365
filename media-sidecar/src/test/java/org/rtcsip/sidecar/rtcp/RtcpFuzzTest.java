package org.rtcsip.sidecar.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated datagrams through both validators: they never throw, and walking a datagram that passed with
 * every accessor stays inside it. Each datagram ends its array, so any read past it throws.
 */
class RtcpFuzzTest {
    private static final int ITERATIONS = 50_000;

    @Test
    void validateNeverThrowsAndWalkingAValidatedDatagramStaysInside() {
        byte[][] seeds = seeds();
        Random random = new Random(0x5EED_0003L);
        Map<RtcpError, Integer> seen = new EnumMap<>(RtcpError.class);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] datagram = i % 4 == 0 ? randomBytes(random) : mutate(random, seeds[random.nextInt(seeds.length)]);
            int prefix = random.nextInt(8);
            byte[] buf = new byte[prefix + datagram.length];
            System.arraycopy(datagram, 0, buf, prefix, datagram.length);

            RtcpError compound = RtcpPacket.validateCompound(buf, prefix, datagram.length);
            RtcpError reduced = RtcpPacket.validateReducedSize(buf, prefix, datagram.length);
            assertNotNull(compound);
            assertNotNull(reduced);
            seen.merge(compound, 1, Integer::sum);
            if (compound == RtcpError.OK) {
                assertEquals(RtcpError.OK, reduced, "a valid compound is a valid reduced-size datagram");
            }
            if (reduced == RtcpError.OK) {
                walk(buf, prefix, datagram.length);
            }
        }
        assertEquals(RtcpError.values().length, seen.size(), () -> "verdicts reached: " + seen);
    }

    private static void walk(byte[] b, int off, int len) {
        int packets = 0;
        for (int p = off; p < off + len; p += RtcpPacket.lengthInBytes(b, p)) {
            assertTrue(++packets <= len / 4, "walk is bounded");
            int length = RtcpPacket.lengthInBytes(b, p);
            assertTrue(p + length <= off + len);
            RtcpPacket.version(b, p);
            RtcpPacket.padding(b, p);
            int type = RtcpPacket.packetType(b, p);
            if (length >= 8) {
                RtcpPacket.senderSsrc(b, p);
            }
            if (type == RtcpPacket.SR) {
                SenderReport.ntpMsw(b, p);
                SenderReport.ntpLsw(b, p);
                SenderReport.ntpCompact(b, p);
                SenderReport.rtpTimestamp(b, p);
                SenderReport.packetCount(b, p);
                SenderReport.octetCount(b, p);
            }
            if (type == RtcpPacket.SR || type == RtcpPacket.RR) {
                ReportBlockValues v = new ReportBlockValues();
                for (int i = 0; i < RtcpPacket.reportCount(b, p); i++) {
                    int r = RtcpPacket.reportBlockOffset(b, p, i);
                    assertTrue(r + RtcpPacket.REPORT_BLOCK_LENGTH <= p + length);
                    ReportBlock.read(b, r, v);
                }
            }
            if (type == RtcpPacket.SDES) {
                int item = SourceDescription.cnameItemOffset(b, p);
                if (item >= 0) {
                    assertTrue(item + 2 + SourceDescription.cnameLength(b, item) <= p + length);
                }
            }
        }
    }

    private static byte[][] seeds() {
        ReportBlockValues v = new ReportBlockValues();
        v.ssrc = 3;
        v.cumulativeLost = -1;
        byte[] written = new byte[200];
        int n = RtcpWriter.writeSenderReport(written, 0, 1, 2, 3, 4, 5, 6, new ReportBlockValues[] {v, v}, 2);
        n += RtcpWriter.writeSourceDescriptionCname(written, n, 1, new byte[] {'a', 'b', 'c'});
        n += RtcpWriter.writeReceiverReport(written, n, 1, new ReportBlockValues[] {v}, 1);
        return new byte[][] {
                RtcpCaptures.bytes(RtcpCaptures.CHROME_SR_SDES),
                RtcpCaptures.bytes(RtcpCaptures.PION_RR_COMPOUND),
                RtcpCaptures.bytes(RtcpCaptures.CHROME_TRANSPORT_CC),
                Arrays.copyOf(written, n),
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(80)];
        random.nextBytes(b);
        if (b.length > 3 && random.nextBoolean()) {
            b[0] = (byte) (0x80 | (b[0] & 0x3F));
            b[1] = (byte) (200 + random.nextInt(8));
            b[2] = 0;
            b[3] = (byte) random.nextInt(b.length / 4 + 1);
        }
        return b;
    }

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] b = switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 1 -> Arrays.copyOf(seed, seed.length + 1 + random.nextInt(8));
            default -> seed.clone();
        };
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips && b.length > 0; f++) {
            // Header bytes (count, type, length) of some packet: the first 4 bytes of any 4-byte word.
            int at = random.nextInt(b.length);
            if (random.nextBoolean()) {
                at &= ~3;
                at += random.nextInt(4);
                at = Math.min(at, b.length - 1);
            }
            b[at] ^= (byte) (1 << random.nextInt(8));
        }
        if (b.length > 0 && random.nextInt(4) == 0) {
            b[b.length - 1] = (byte) random.nextInt(256);
        }
        return b;
    }
}
