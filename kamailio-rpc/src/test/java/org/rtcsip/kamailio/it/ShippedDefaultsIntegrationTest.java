package org.rtcsip.kamailio.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.KamailioUnreachableException;
import org.rtcsip.kamailio.rpc.MethodNotAvailableException;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.Network;

/**
 * The shipped kamailio.cfg with its defaults (no -A WITH_DISPATCHER): what an operator who copied
 * it as is sees, and what the client says once that Kamailio is gone.
 */
class ShippedDefaultsIntegrationTest {

    private static final String NOBODY = "udp:127.0.0.1:9"; // discard port: no ng server

    @Test
    void dispatcherMethodsSayWhichModuleToLoad() {
        try (KamailioProcess kamailio = KamailioProcess.start(Network.host(), NOBODY, Map.of());
             KamailioRpcClient rpc = KamailioRpcClient.builder(kamailio.rpcUrl()).build()) {
            MethodNotAvailableException missing = assertThrows(MethodNotAvailableException.class, rpc::dispatcherList);
            assertEquals("method not available: dispatcher.list (load module dispatcher in kamailio.cfg)",
                    missing.getMessage());
            assertEquals("dispatcher", missing.module());
            assertEquals("dispatcher.list", missing.method());
            // the modules the cfg does load answer
            assertEquals(java.util.List.of(), rpc.dlgList());
            assertTrue(rpc.htableDump("ops").isEmpty());
        }
    }

    @Test
    void aStoppedKamailioIsUnreachableInOneLineAfterRetriedReads() {
        String url;
        try (KamailioProcess kamailio = KamailioProcess.start(Network.host(), NOBODY, Map.of())) {
            url = kamailio.rpcUrl();
            try (KamailioRpcClient rpc = KamailioRpcClient.builder(url).build()) {
                assertTrue(rpc.coreVersion().startsWith("kamailio"));
            }
        }
        try (KamailioRpcClient rpc = KamailioRpcClient.builder(url)
                .readRetries(3, Duration.ofMillis(100), Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            KamailioUnreachableException down = assertThrows(KamailioUnreachableException.class, rpc::wsDump);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(3, down.attempts());
            assertTrue(elapsedMillis >= 300, "two backoffs of 100 and 200 ms, took " + elapsedMillis + " ms");
            assertEquals("Kamailio unreachable at " + url + ": connection refused (ws.dump, 3 attempts)",
                    down.getMessage());
            assertFalse(down.getMessage().contains("\n"));

            KamailioUnreachableException write = assertThrows(KamailioUnreachableException.class,
                    () -> rpc.wsClose(1));
            assertEquals(1, write.attempts(), "a write is never resent");
        }
    }
}
