package org.rtcsip.sidecar.ng;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.ngwire.Bencode;
import org.rtcsip.sidecar.session.CallRegistry;

/** A request that meets an unexpected exception still gets one answer, without Java text, and is counted. */
class NgCommandsInternalErrorTest {
    private static final InetSocketAddress KAMAILIO = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5060);

    @Test
    void aStoppedMediaLoopAnswersInternalErrorAndRetransmissionsGetTheSameReply() throws Exception {
        CallRegistry calls = PortlessCalls.registry();
        // what MediaLoop.execute does once the loops are stopped (shutdown)
        NgCommands ng = new NgCommands(calls, (loop, task) -> {
            throw new IllegalStateException("media loop 0 is stopped");
        }, System::nanoTime, System::currentTimeMillis);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("command", "query");
        query.put("call-id", "stopped");

        List<String> replies = new ArrayList<>();
        byte[] datagram = ("c1 " + new String(Bencode.encode(query), StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
        ng.handle(datagram, datagram.length, KAMAILIO, r -> replies.add(new String(r, StandardCharsets.UTF_8)));
        ng.handle(datagram, datagram.length, KAMAILIO, r -> replies.add(new String(r, StandardCharsets.UTF_8)));

        assertEquals(List.of("c1 d6:result5:error12:error-reason14:Internal errore",
                "c1 d6:result5:error12:error-reason14:Internal errore"), replies);
        assertEquals(1, ng.metrics().internalErrors());
        assertEquals(Map.of("error", 1L), ng.metrics().snapshot().get("query"));
    }
}
