package org.rtcsip.ari.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.rtcsip.ari.ari.AriException;

/** Assertions about ARI answers. */
final class AssertionsForAri {
    private AssertionsForAri() {
    }

    interface AriCall {
        Object run() throws Exception;
    }

    /** The call must fail with HTTP 404. */
    static void assertNotFound(AriCall call, String why) throws Exception {
        try {
            Object got = call.run();
            fail(why + ": expected 404, got " + got);
        } catch (AriException e) {
            assertEquals(404, e.status(), why + ": " + e.getMessage());
        }
    }
}
