package org.rtcsip.sidecar.srtp;

import java.lang.management.ManagementFactory;

/**
 * Rough cost of protect + unprotect of a 172-byte RTP packet (12-byte header, 160 bytes of G.711), printed,
 * with the bytes allocated per packet; never asserted. Not a JMH benchmark: run it by hand (from the IDE, or
 * with the test class path surefire records in target/surefire-reports/TEST-*.xml) when touching the packet path.
 */
public final class SrtpPacketCost {
    private static final int PACKETS = 400_000;

    private SrtpPacketCost() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (SrtpSuite suite : SrtpSuite.values()) {
            SrtpTransform p = SrtpRoundTripTest.protector(suite);
            SrtpTransform u = SrtpRoundTripTest.unprotector(suite);
            byte[] template = SrtpRoundTripTest.rtp(0, 0x1234, 0, 160);
            byte[] buf = template.clone();
            int seq = 0;
            // Warm up, then measure twice and keep the second round.
            long protectNs = 0;
            long unprotectNs = 0;
            long bytes = 0;
            for (int round = 0; round < 3; round++) {
                protectNs = 0;
                unprotectNs = 0;
                long allocatedBefore = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < PACKETS; i++) {
                    System.arraycopy(template, 0, buf, 0, 172);
                    seq++;
                    buf[2] = (byte) (seq >>> 8);
                    buf[3] = (byte) seq;
                    long t0 = System.nanoTime();
                    int len = p.protectRtp(buf, 0, 172);
                    long t1 = System.nanoTime();
                    int back = u.unprotectRtp(buf, 0, len);
                    long t2 = System.nanoTime();
                    if (back != 172) {
                        throw new IllegalStateException(suite + " round trip failed: " + SrtpError.label(back));
                    }
                    protectNs += t1 - t0;
                    unprotectNs += t2 - t1;
                }
                bytes = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
            }
            System.out.printf("%-24s protect %5d ns  unprotect %5d ns  allocated %4d bytes per packet pair%n",
                    suite.sdpName(), protectNs / PACKETS, unprotectNs / PACKETS, bytes / PACKETS);
        }
    }
}
