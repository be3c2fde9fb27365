package org.rtcsip.sidecar.ice;

/**
 * Timers of a full ICE agent, in nanoseconds of the caller's clock.
 *
 * @param paceNanos Ta, the minimum gap between new checks (RFC 8445 §14.2: 50 ms)
 * @param minRtoNanos the lower bound of a check's first retransmission timeout (RFC 8445 §14.3: 500 ms)
 * @param maxTransmissions Rc, transmissions of one check before giving up (RFC 5389 §7.2.1: 7)
 * @param finalWaitFactor Rm, the last wait in units of the initial RTO (RFC 5389 §7.2.1: 16)
 * @param consentIntervalNanos mean gap between consent checks on the selected pair (RFC 7675 §5.1: 5 s,
 *     randomized to 0.8..1.2 of it)
 * @param consentTimeoutNanos consent expires this long after the last consent response (RFC 7675 §5.1: 30 s)
 * @param nominationWaitNanos how long the controlling agent waits for higher-priority pairs to finish before it
 *     nominates the best valid one (regular nomination, RFC 8445 §8.1.1)
 */
public record IceTiming(long paceNanos, long minRtoNanos, int maxTransmissions, int finalWaitFactor,
        long consentIntervalNanos, long consentTimeoutNanos, long nominationWaitNanos) {
    private static final long MS = 1_000_000L;
    public static final IceTiming DEFAULT = new IceTiming(50 * MS, 500 * MS, 7, 16, 5_000 * MS, 30_000 * MS,
            1_000 * MS);

    public IceTiming {
        if (paceNanos <= 0 || minRtoNanos <= 0 || maxTransmissions < 1 || finalWaitFactor < 1
                || consentIntervalNanos <= 0 || consentTimeoutNanos <= consentIntervalNanos
                || nominationWaitNanos < 0) {
            throw new IllegalArgumentException("ICE timing out of range: " + this);
        }
    }
}
