package org.rtcsip.sidecar.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PortPoolTest {
    private static final long QUARANTINE = 2_000_000_000L;

    @Test
    void aReleasedPortRestsWhileOthersAreFree() {
        PortPool pool = new PortPool(10000, 10005, QUARANTINE); // 10000, 10002, 10004
        int first = pool.acquire(0, p -> PortPool.Bind.BOUND);
        pool.release(first, 0);
        assertEquals(10002, pool.acquire(1, p -> PortPool.Bind.BOUND));
        assertEquals(10004, pool.acquire(2, p -> PortPool.Bind.BOUND));
    }

    @Test
    void whenEveryFreePortIsQuarantinedTheOldestIsReused() {
        PortPool pool = new PortPool(10000, 10005, QUARANTINE);
        int a = pool.acquire(0, p -> PortPool.Bind.BOUND);
        int b = pool.acquire(0, p -> PortPool.Bind.BOUND);
        int c = pool.acquire(0, p -> PortPool.Bind.BOUND);
        pool.release(b, 10);
        pool.release(a, 20);
        pool.release(c, 30);

        assertEquals(b, pool.acquire(40, p -> PortPool.Bind.BOUND), "released first");
        assertEquals(a, pool.acquire(40, p -> PortPool.Bind.BOUND));
        assertEquals(c, pool.acquire(40, p -> PortPool.Bind.BOUND));
        assertEquals(-1, pool.acquire(40, p -> PortPool.Bind.BOUND), "all in use");
        assertEquals(3, pool.pairsInUse());
    }

    @Test
    void aQuarantinedPortSomeoneElseHoldsIsSkipped() {
        PortPool pool = new PortPool(10000, 10003, QUARANTINE);
        int a = pool.acquire(0, p -> PortPool.Bind.BOUND);
        int b = pool.acquire(0, p -> PortPool.Bind.BOUND);
        pool.release(a, 10);
        pool.release(b, 20);

        assertEquals(b, pool.acquire(30, p -> p != a ? PortPool.Bind.BOUND : PortPool.Bind.TAKEN));
        assertEquals(-1, pool.acquire(30, p -> p != a ? PortPool.Bind.BOUND : PortPool.Bind.TAKEN));
        assertEquals(a, pool.acquire(QUARANTINE + 30, p -> PortPool.Bind.BOUND), "still offered once its holder let go");
    }

    @Test
    void aFailedBindStopsTheSearchAndHoldsNothing() {
        PortPool pool = new PortPool(10000, 10005, QUARANTINE);
        int[] tried = new int[1];
        assertEquals(PortPool.BIND_FAILED, pool.acquire(0, p -> {
            tried[0]++;
            return PortPool.Bind.FAILED;
        }));
        assertEquals(1, tried[0], "no point trying every port when no socket can be opened");
        assertEquals(0, pool.pairsInUse());
        assertEquals(10002, pool.acquire(0, p -> PortPool.Bind.BOUND), "round-robin goes on");
    }
}
