package org.rtcsip.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rtcsip.sidecar.srtp.SrtpSuite;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * media-sidecar's SRTP (jitsi-srtp underneath) per 172-byte RTP packet: 12-byte header + 160 bytes of PCMU, one
 * 20 ms frame. A sequence number may be protected only once (RFC 3711 §9.1) and unprotected only once (replay
 * check), so each invocation works on a fresh batch of consecutive packets prepared outside the timing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpBench {
    static final int BATCH = 256;
    static final int RTP_LENGTH = 172;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String suite;

    private SrtpTransform sender;
    private SrtpTransform protectedForReceiver;
    private SrtpTransform receiver;
    private final byte[][] plain = new byte[BATCH][RTP_LENGTH + 32];
    private final byte[][] sealed = new byte[BATCH][RTP_LENGTH + 32];
    private final int[] sealedLength = new int[BATCH];
    private int sequence;

    @Setup(Level.Trial)
    public void keys() {
        SrtpSuite s = SrtpSuite.valueOf(suite);
        byte[] key = new byte[s.masterKeyLength()];
        byte[] salt = new byte[s.masterSaltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (i * 13 + 5);
        }
        sender = new SrtpTransform(s, key, salt);
        protectedForReceiver = new SrtpTransform(s, key, salt);
        receiver = new SrtpTransform(s, key, salt);
    }

    /** The next BATCH sequence numbers: plain copies for protect, sealed copies for unprotect. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        for (int i = 0; i < BATCH; i++) {
            int seq = sequence++ & 0xFFFF;
            fill(plain[i], seq);
            fill(sealed[i], seq);
            sealedLength[i] = protectedForReceiver.protectRtp(sealed[i], 0, RTP_LENGTH);
            if (sealedLength[i] < 0) {
                throw new IllegalStateException("protect failed: " + sealedLength[i]);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void protect(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(sender.protectRtp(plain[i], 0, RTP_LENGTH));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void unprotect(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            int n = receiver.unprotectRtp(sealed[i], 0, sealedLength[i]);
            if (n != RTP_LENGTH) {
                throw new IllegalStateException("unprotect failed: " + n);
            }
            bh.consume(n);
        }
    }

    private static void fill(byte[] p, int seq) {
        p[0] = (byte) 0x80;
        p[1] = 0; // PCMU
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        int ts = seq * 160;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[8] = 0x12;
        p[9] = 0x34;
        p[10] = 0x56;
        p[11] = 0x78;
        for (int i = 12; i < RTP_LENGTH; i++) {
            p[i] = (byte) (i * 31 + seq);
        }
    }
}
