package org.rtcsip.sidecar.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PortPoolTest {
    private static final long QUARANTINE = 2_000_000_000L;

    @Test
    void aReleasedPortRestsWhileOthersAreFree() {
        PortPool pool = new PortPool(10000, 10005, QUARANTINE); // 10000, 10002, 10004
        int first = pool.acquire(0, p -> true);
        pool.release(first, 0);
        assertEquals(10002, pool.acquire(1, p -> true));
        assertEquals(10004, pool.acquire(2, p -> true));
    }

    @Test
    void whenEveryFreePortIsQuarantinedTheOldestIsReused() {
        PortPool pool = new PortPool(10000, 10005, QUARANTINE);
        int a = pool.acquire(0, p -> true);
        int b = pool.acquire(0, p -> true);
        int c = pool.acquire(0, p -> true);
        pool.release(b, 10);
        pool.release(a, 20);
        pool.release(c, 30);

        assertEquals(b, pool.acquire(40, p -> true), "released first");
        assertEquals(a, pool.acquire(40, p -> true));
        assertEquals(c, pool.acquire(40, p -> true));
        assertEquals(-1, pool.acquire(40, p -> true), "all in use");
        assertEquals(3, pool.pairsInUse());
    }

    @Test
    void aQuarantinedPortSomeoneElseHoldsIsSkipped() {
        PortPool pool = new PortPool(10000, 10003, QUARANTINE);
        int a = pool.acquire(0, p -> true);
        int b = pool.acquire(0, p -> true);
        pool.release(a, 10);
        pool.release(b, 20);

        assertEquals(b, pool.acquire(30, p -> p != a));
        assertEquals(-1, pool.acquire(30, p -> p != a));
        assertEquals(a, pool.acquire(QUARANTINE + 30, p -> true), "still offered once its holder let go");
    }
}
