package org.rtcsip.sidecar.srtp;

/**
 * SSRC to crypto context, for the few SSRCs one direction carries. A linear scan over an int array with the
 * last hit checked first: no boxing, so no allocation on lookup, and faster than hashing at this size.
 */
final class SsrcTable<C> {
    private final int[] ssrcs;
    private final Object[] contexts;
    private int size;
    private int lastHit;

    SsrcTable(int capacity) {
        ssrcs = new int[capacity];
        contexts = new Object[capacity];
    }

    @SuppressWarnings("unchecked")
    C get(int ssrc) {
        if (size > 0 && ssrcs[lastHit] == ssrc) {
            return (C) contexts[lastHit];
        }
        for (int i = 0; i < size; i++) {
            if (ssrcs[i] == ssrc) {
                lastHit = i;
                return (C) contexts[i];
            }
        }
        return null;
    }

    boolean isFull() {
        return size == ssrcs.length;
    }

    /** Adds an SSRC not yet in the table; the caller checked {@link #isFull}. */
    void put(int ssrc, C context) {
        ssrcs[size] = ssrc;
        contexts[size] = context;
        lastHit = size;
        size++;
    }

    int size() {
        return size;
    }
}
