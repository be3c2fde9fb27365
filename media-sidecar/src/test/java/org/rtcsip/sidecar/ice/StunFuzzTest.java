package org.rtcsip.sidecar.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated datagrams into {@link StunCodec} and {@link IceLiteAgent}: nothing throws, accessors after a
 * successful read do not throw, and no mutated check ever selects an address. Fixed seeds, bounded loops.
 */
class StunFuzzTest {
    private static final int ITERATIONS = 20_000;
    private static final InetSocketAddress SOURCE = new InetSocketAddress("192.0.2.10", 54321);

    @Test
    void codecNeverThrowsAndAccessorsWorkAfterASuccessfulRead() {
        Random random = new Random(0x5EED_1CE1L);
        StunCodec codec = new StunCodec("fuzz");
        byte[][] seeds = {StunCodecTest.SAMPLE_REQUEST, StunCodecTest.SAMPLE_IPV4_RESPONSE,
                StunCodecTest.SAMPLE_IPV6_RESPONSE};
        Map<StunOutcome, Integer> seen = new EnumMap<>(StunOutcome.class);
        int decoded = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] datagram = i % 4 == 0 ? randomBytes(random) : mutate(random, seeds[random.nextInt(seeds.length)]);
            if (i % 2 == 1) {
                datagram = refingerprint(datagram); // get past the CRC so ice4j sees the damage
            }
            StunOutcome outcome = codec.read(datagram, 0, datagram.length);
            if (outcome != null) {
                seen.merge(outcome, 1, Integer::sum);
                continue;
            }
            decoded++;
            codec.messageType();
            codec.username();
            codec.priority();
            codec.tieBreaker();
            codec.hasUseCandidate();
            codec.errorCode();
            codec.xorMappedAddress();
            codec.unknownRequired();
            codec.integrityMatches(StunCodecTest.PASSWORD);
        }
        assertTrue(decoded > 0, "some mutations stay decodable");
        assertTrue(seen.containsKey(StunOutcome.DROPPED_MALFORMED) && seen.containsKey(StunOutcome.DROPPED_NOT_STUN)
                && seen.containsKey(StunOutcome.DROPPED_BAD_FINGERPRINT), () -> "outcomes reached: " + seen);
    }

    @Test
    void liteAgentNeverThrowsAndMutatedChecksNeverSelect() {
        Random random = new Random(0x5EED_1CE2L);
        IceLiteAgent agent = new IceLiteAgent(1, List.of(new InetSocketAddress("127.0.0.1", 30000)), new Random(1));
        IceCredentials ours = agent.localCredentials();
        byte[] valid = RawStun.bindingRequest(new byte[12]).username(ours.ufrag() + ":k8pc").googNetworkInfo()
                .controlling(7).useCandidate().priority(1853824767L).build(ours.key());
        byte[] out = new byte[1500];
        Map<StunOutcome, Integer> seen = new EnumMap<>(StunOutcome.class);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] datagram = i % 5 == 0 ? randomBytes(random) : mutate(random, valid);
            if (java.util.Arrays.equals(datagram, valid)) {
                continue;
            }
            if (i % 2 == 1) {
                datagram = refingerprint(datagram);
            }
            int prefix = random.nextInt(4);
            byte[] buf = new byte[prefix + datagram.length];
            System.arraycopy(datagram, 0, buf, prefix, datagram.length);
            int length = agent.handleStun(buf, prefix, datagram.length, SOURCE, i, out, 0);
            assertTrue(length >= 0 && length <= out.length);
            StunOutcome outcome = agent.lastOutcome();
            assertNotNull(outcome);
            seen.merge(outcome, 1, Integer::sum);
            if (outcome == StunOutcome.CHECK_NOMINATED) {
                // Only a mutation that left the signed part intact (e.g. in the CRC-covered padding) may pass.
                assertTrue(RawStun.integrityValid(datagram, ours.key()));
            }
        }
        assertTrue(seen.containsKey(StunOutcome.REJECTED_UNAUTHORIZED), () -> "outcomes reached: " + seen);
        int nominated = seen.getOrDefault(StunOutcome.CHECK_NOMINATED, 0);
        assertEquals(nominated > 0, agent.selectedRemote() != null);
    }

    @Test
    void fullAgentNeverThrowsOnGarbageAndKeepsItsTimersSane() {
        Random random = new Random(0x5EED_1CE3L);
        FullIceAgent agent = new FullIceAgent(IceRole.CONTROLLED, 1,
                List.of(new InetSocketAddress("127.0.0.1", 30000)), 5, new Random(2), IceTiming.DEFAULT);
        IceCredentials peer = IceCredentials.random(new Random(9));
        agent.setRemoteCredentials(peer);
        IceCredentials ours = agent.localCredentials();
        byte[] valid = RawStun.bindingRequest(new byte[12]).username(ours.ufrag() + ":" + peer.ufrag())
                .controlling(7).useCandidate().priority(1853824767L).build(ours.key());
        byte[] response = new RawStun(0x0101, new byte[12]).attribute(0x0020, RawStun.hex("0001a147e112a643"))
                .build(peer.key());
        byte[] out = new byte[1500];
        long now = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] seed = i % 2 == 0 ? valid : response;
            byte[] datagram = i % 5 == 0 ? randomBytes(random) : refingerprint(mutate(random, seed));
            InetSocketAddress from = new InetSocketAddress("192.0.2." + (1 + random.nextInt(3)), 5000);
            int length = agent.handleStun(datagram, 0, datagram.length, from, null, now, out, 0);
            assertTrue(length >= 0 && length <= out.length);
            assertNotNull(agent.lastOutcome());
            now += random.nextInt(20) * 1_000_000L;
            agent.handleTimeout(now);
            int sent;
            int bounded = 0;
            while ((sent = agent.pollTransmit(out, 0)) > 0 && bounded++ < 100) {
                assertTrue(RawStun.fingerprintValid(java.util.Arrays.copyOf(out, sent)));
            }
            assertTrue(agent.nextTimeoutNanos(now) - now >= 0);
        }
    }

    static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(120)];
        random.nextBytes(bytes);
        if (bytes.length >= 8 && random.nextBoolean()) {
            bytes[0] = 0;
            bytes[1] = 1;
            bytes[2] = (byte) ((bytes.length - 20) >> 8);
            bytes[3] = (byte) (bytes.length - 20);
            bytes[4] = 0x21;
            bytes[5] = 0x12;
            bytes[6] = (byte) 0xA4;
            bytes[7] = 0x42;
        }
        return bytes;
    }

    static byte[] mutate(Random random, byte[] seed) {
        byte[] copy = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(4)) {
                case 0 -> copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                case 1 -> copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                case 2 -> copy = java.util.Arrays.copyOf(copy, random.nextInt(copy.length + 1));
                default -> {
                    // an attribute length field (at a 4-byte boundary past the header)
                    if (copy.length > 24) {
                        int at = 20 + 4 * random.nextInt((copy.length - 20) / 4) + 2;
                        if (at + 1 < copy.length) {
                            copy[at + 1] = (byte) random.nextInt(256);
                        }
                    }
                }
            }
            if (copy.length == 0) {
                break;
            }
        }
        return copy;
    }

    /** Rewrites the trailing FINGERPRINT (when the layout still ends in one) so the CRC check passes. */
    static byte[] refingerprint(byte[] datagram) {
        if (datagram.length < 28 || datagram[datagram.length - 8] != (byte) 0x80
                || datagram[datagram.length - 7] != 0x28) {
            return datagram;
        }
        return RawStun.appendFingerprint(java.util.Arrays.copyOf(datagram, datagram.length - 8));
    }
}
