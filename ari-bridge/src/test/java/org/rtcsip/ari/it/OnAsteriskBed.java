package org.rtcsip.ari.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Test classes that share one {@link AsteriskBed} (Asterisk, ari-bridge, media stand-in) for all their tests. */
abstract class OnAsteriskBed {
    static AsteriskBed bed;

    @BeforeAll
    static void startBed() throws Exception {
        bed = new AsteriskBed(AsteriskBed.SIDECAR_ROUTE);
    }

    @AfterAll
    static void stopBed() throws Exception {
        if (bed != null) {
            bed.close();
            bed = null;
        }
    }

    /** Whatever a failed test left is hung up, so the next one starts clean. */
    @AfterEach
    void clearBed() {
        bed.clear();
    }
}
