package org.rtcsip.sidecar.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated packets through {@link RtpHeader#validate}: it never throws, and every accessor used after
 * OK stays inside the view. Each packet sits at the very end of its array so that reading past the view throws.
 */
class RtpHeaderFuzzTest {
    private static final int ITERATIONS = 50_000;
    private static final byte[][] SEEDS = {
            RtpHeaderTest.hex("90e0698fd9c293da1c642782" + "00010001" + "ffffffff" + "9836be889e"),
            RtpHeaderTest.hex("902d1a5fd4090549f7b16e83bede0003" + "22f34350" + "41009b" + "d2810045" + "00"),
            RtpHeaderTest.hex("a2000001" + "00000002" + "00000003" + "0000000a" + "0000000b" + "aabbcc" + "00000004"),
            RtpHeaderTest.hex("80000001" + "00000002" + "00000003" + "d5d5d5d5d5d5d5d5"),
    };

    @Test
    void validateNeverThrowsAndAccessorsAfterOkStayInsideThePacket() {
        Random random = new Random(0x5EED_0001L);
        Map<RtpError, Integer> seen = new EnumMap<>(RtpError.class);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] packet = i % 3 == 0 ? randomBytes(random) : mutate(random, SEEDS[random.nextInt(SEEDS.length)]);
            int prefix = random.nextInt(8);
            byte[] buf = new byte[prefix + packet.length];
            System.arraycopy(packet, 0, buf, prefix, packet.length);

            RtpError error = RtpHeader.validate(buf, prefix, packet.length);
            assertNotNull(error);
            seen.merge(error, 1, Integer::sum);
            if (error != RtpError.OK) {
                continue;
            }
            int len = packet.length;
            int header = RtpHeader.headerLength(buf, prefix, len);
            int payload = RtpHeader.payloadLength(buf, prefix, len);
            assertTrue(header >= 12 && header <= len, "header inside the packet");
            assertTrue(payload >= 0 && header + payload <= len, "payload inside the packet");
            assertEquals(prefix + header, RtpHeader.payloadOffset(buf, prefix, len));
            RtpHeader.version(buf, prefix, len);
            RtpHeader.marker(buf, prefix, len);
            RtpHeader.payloadType(buf, prefix, len);
            RtpHeader.sequenceNumber(buf, prefix, len);
            RtpHeader.timestamp(buf, prefix, len);
            RtpHeader.ssrc(buf, prefix, len);
            RtpHeader.extensionProfile(buf, prefix, len);
            for (int c = 0; c < RtpHeader.csrcCount(buf, prefix, len); c++) {
                RtpHeader.csrc(buf, prefix, len, c);
            }
        }
        // The corpus reaches every verdict, so the loop above exercised more than the reject path.
        assertEquals(RtpError.values().length, seen.size(), () -> "verdicts reached: " + seen);
    }

    @Test
    void classifyNeverThrowsOnAnyPrefix() {
        Random random = new Random(0x5EED_0002L);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] packet = randomBytes(random);
            int len = random.nextInt(packet.length + 1);
            assertNotNull(RtpOrRtcp.classify(packet, packet.length - len, len));
        }
    }

    static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = (byte) (0x80 | (b[0] & 0x3F)); // version 2 half the time, to get past the first check
        }
        return b;
    }

    static byte[] mutate(Random random, byte[] seed) {
        byte[] b;
        switch (random.nextInt(4)) {
            case 0 -> b = Arrays.copyOf(seed, random.nextInt(seed.length + 1)); // truncate
            case 1 -> b = Arrays.copyOf(seed, seed.length + 1 + random.nextInt(8)); // extend with zeros
            default -> b = seed.clone();
        }
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips && b.length > 0; f++) {
            int at = random.nextInt(Math.min(b.length, 20)); // mostly the header, where the lengths live
            b[at] ^= (byte) (1 << random.nextInt(8));
        }
        if (b.length > 0 && random.nextInt(4) == 0) {
            b[b.length - 1] = (byte) random.nextInt(256); // padding count
        }
        return b;
    }
}
