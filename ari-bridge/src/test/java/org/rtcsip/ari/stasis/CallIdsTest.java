package org.rtcsip.ari.stasis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CallIdsTest {
    @Test
    void everyIdOfACallLeadsBackToIt() {
        CallIds ids = CallIds.forCaller("1796538862.8");
        assertEquals("arib-1796538862.8", ids.callId());
        for (String id : new String[] {ids.callee(), ids.callerMedia(), ids.calleeMedia(), ids.callerBridge(),
                ids.calleeBridge(), ids.caller()}) {
            assertEquals(ids, CallIds.of(id), id);
        }
    }

    @Test
    void aLocalChannelCallerWithDashesInItsIdToo() {
        CallIds ids = CallIds.forCaller("probe-1-65468;2");
        assertEquals(ids, CallIds.of(ids.calleeMedia()));
        assertEquals("probe-1-65468;2", CallIds.of(ids.callee()).caller());
    }
}
