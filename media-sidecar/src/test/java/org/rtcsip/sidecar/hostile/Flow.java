package org.rtcsip.sidecar.hostile;

import java.util.BitSet;

/**
 * One direction of a live call's legitimate audio: PCMU RTP packets of 20 ms whose payload starts with a magic word,
 * the flow's number and a packet counter, so the receiver counts exactly the packets of this flow that arrived,
 * whatever hostile packets (even with this flow's SSRC) arrive besides.
 */
final class Flow {
    private static final int MAGIC = 0x1E617;
    private static final int PAYLOAD = 160;

    final String name;
    private final int id;
    private final int ssrc;
    private int sent;
    private final BitSet received = new BitSet();
    private int duplicates;

    Flow(String name, int id) {
        this.name = name;
        this.id = id;
        this.ssrc = 0x10000 * (id + 1) + 0x5EED;
    }

    /** The next packet, plain; counted as sent. */
    synchronized byte[] next() {
        int n = sent++;
        byte[] p = new byte[12 + PAYLOAD];
        p[0] = (byte) 0x80;
        p[1] = 0; // PCMU
        putShort(p, 2, n);
        putInt(p, 4, n * PAYLOAD);
        putInt(p, 8, ssrc);
        putInt(p, 12, MAGIC);
        putInt(p, 16, id);
        putInt(p, 20, n);
        for (int i = 24; i < p.length; i++) {
            p[i] = (byte) 0xFF; // PCMU silence
        }
        return p;
    }

    /** A plain RTP packet that arrived for this flow's receiver; counted if it is one of ours. */
    synchronized void arrived(byte[] p, int off, int len) {
        if (len >= 24 && getInt(p, off + 8) == ssrc && getInt(p, off + 12) == MAGIC && getInt(p, off + 16) == id) {
            int n = getInt(p, off + 20);
            if (n >= 0 && n < sent) {
                if (received.get(n)) {
                    duplicates++;
                }
                received.set(n);
            }
        }
    }

    synchronized int sent() {
        return sent;
    }

    synchronized int received() {
        return received.cardinality();
    }

    /** Whether packet {@code n} of this flow arrived. */
    synchronized boolean arrived(int n) {
        return received.get(n);
    }

    /** Packets of this flow that arrived more than once (a replay let through would show here). */
    synchronized int duplicates() {
        return duplicates;
    }

    private static void putShort(byte[] p, int o, int v) {
        p[o] = (byte) (v >> 8);
        p[o + 1] = (byte) v;
    }

    private static void putInt(byte[] p, int o, int v) {
        p[o] = (byte) (v >> 24);
        p[o + 1] = (byte) (v >> 16);
        p[o + 2] = (byte) (v >> 8);
        p[o + 3] = (byte) v;
    }

    private static int getInt(byte[] p, int o) {
        return (p[o] & 0xFF) << 24 | (p[o + 1] & 0xFF) << 16 | (p[o + 2] & 0xFF) << 8 | (p[o + 3] & 0xFF);
    }
}
