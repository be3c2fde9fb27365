package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.ngwire.NgClient.dict;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.ngwire.NgClient;

/** The log level of the running process changes without a restart (issue 11 item 7): POST /log-level, SIGUSR1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogLevelTest {

    @Test
    void postLogLevelTurnsDebugOnAndOffWhileRunning() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "log-level", "--codec-warmup=0");
             NgClient ng = sidecar.ngClient()) {
            assertEquals("{\"level\":\"info\"}", sidecar.get("/log-level").body());
            ng.exchange(dict("command", "ping", "call-id", "before"));
            assertFalse(sidecar.logText().contains("[before] ng ping from 127.0.0.1:"), "no debug at info");

            HttpResponse<String> debug = post(sidecar, "{\"level\":\"debug\"}");
            assertEquals(200, debug.statusCode(), debug.body());
            assertEquals("{\"level\":\"debug\",\"was\":\"info\"}", debug.body());
            ng.exchange(dict("command", "ping", "call-id", "during"));
            sidecar.awaitLog("[NgCommands] [during] ng ping from 127.0.0.1:");
            assertTrue(sidecar.logText().contains("log level debug (was info), by POST /log-level from 127.0.0.1"));

            assertEquals(200, post(sidecar, "{\"level\":\"6\"}").statusCode());
            ng.exchange(dict("command", "ping", "call-id", "after"));
            ng.exchange(dict("command", "ping"));
            assertFalse(sidecar.logText().contains("[after] ng ping"), "info again");

            HttpResponse<String> bad = post(sidecar, "{\"level\":\"chatty\"}");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("\"chatty\" is not a log level"), bad.body());
        }
    }

    @Test
    void sigusr1TogglesDebug() throws Exception {
        try (SidecarProcess sidecar = SidecarProcess.start(Network.host(), "sigusr1", "--codec-warmup=0")) {
            sidecar.signal("USR1");
            sidecar.awaitLog("log level debug (was info), by SIGUSR1");
            assertEquals("{\"level\":\"debug\"}", sidecar.get("/log-level").body());
            sidecar.signal("USR1");
            sidecar.awaitLog("log level info (was debug), by SIGUSR1");
            assertEquals("{\"level\":\"info\"}", sidecar.get("/log-level").body());
        }
    }

    private static HttpResponse<String> post(SidecarProcess sidecar, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sidecar.httpUrl() + "/log-level"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
