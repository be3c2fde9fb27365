package org.rtcsip.kamailio.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtcsip.kamailio.rpc.RtpengineNode;

/**
 * The controller on virtual time against a scripted JSON-RPC server (a real client, real
 * exceptions): when it asks Kamailio what, how it backs off, and that an outage is one log line
 * and a snapshot, not a stream of errors.
 */
class OpsControllerTest {

    private static final String URL = "udp:127.0.0.1:2223";
    private static final String ENABLED_NODE = "[{\"url\":\"" + URL + "\",\"set\":0,\"index\":0,\"weight\":1,"
            + "\"disabled\":0,\"recheck_ticks\":0}]";
    private static final String PERMANENTLY_DISABLED_NODE = "[{\"url\":\"" + URL + "\",\"set\":0,\"index\":0,"
            + "\"weight\":1,\"disabled\":\"1(permanent)\",\"recheck_ticks\":\"N/A\"}]";
    private static final String STATISTICS = "[\"websocket:ws_current_connections = 3\","
            + "\"usrloc:location_contacts = 2\",\"usrloc:browsers_contacts = 1\",\"usrloc:location_users = 2\","
            + "\"usrloc:registered_users = 2\",\"dialog:active_dialogs = 1\"]";

    private ScriptedKamailio kamailio;
    private final List<String> log = new ArrayList<>();
    private OpsController controller;
    private long now;

    @BeforeEach
    void start() {
        kamailio = new ScriptedKamailio()
                .result("rtpengine.enable", "{\"url\":\"" + URL + "\",\"status\":\"enable\"}")
                .result("rtpengine.show", ENABLED_NODE)
                .result("stats.get_statistics", STATISTICS);
        controller = new OpsController(ControllerRpc.of(kamailio.client), URL, Duration.ofSeconds(10),
                new OpsController.Log() {
                    @Override
                    public void info(String line) {
                        log.add("INFO " + line);
                    }

                    @Override
                    public void warning(String line) {
                        log.add("WARNING " + line);
                    }
                });
    }

    @AfterEach
    void stop() {
        kamailio.close();
    }

    /** Calls runDue whenever it asked to be called, up to {@code untilMillis}; returns the times it ran. */
    private List<Long> runUntil(long untilMillis) {
        List<Long> ran = new ArrayList<>();
        for (int i = 0; i < 1000 && now <= untilMillis; i++) {
            ran.add(now);
            kamailio.virtualNow = now;
            long next = controller.runDue(now);
            assertTrue(next > now, "runDue must ask for a later call, got " + next + " at " + now);
            if (next > untilMillis) {
                now = untilMillis + 1;
                break;
            }
            now = next;
        }
        return ran;
    }

    private List<String> lines(String containing) {
        return log.stream().filter(line -> line.contains(containing)).toList();
    }

    @Test
    void asksNothingOfTheRtpengineSetBeforeTheSidecarIsReadyButPollsItsState() {
        runUntil(25_000);
        assertEquals(List.of(), kamailio.callsOf("rtpengine.enable"));
        assertEquals(3, kamailio.callsOf("rtpengine.show").size(), "polls at 0, 10 and 20 s");
        assertEquals(OpsController.Membership.NOT_READY, controller.membership());
    }

    @Test
    void enablesItsUrlOnceReadyAndSaysSoInOneLine() {
        runUntil(5_000);
        controller.ready();
        runUntil(20_000);
        assertEquals(List.of("rtpengine.enable [\"" + URL + "\",1]"), kamailio.callsOf("rtpengine.enable"));
        assertEquals(OpsController.Membership.ENABLED, controller.membership());
        assertEquals(List.of("INFO enabled " + URL + " in Kamailio's rtpengine set at " + kamailio.client.url()
                + ": Kamailio sends this sidecar new calls"), log);
    }

    @Test
    void retriesTheEnableWithDoublingBackoffWhileKamailioIsDownAndLogsTheOutageOnce() {
        kamailio.down();
        controller.ready();
        runUntil(100_000);
        // the server is down and records nothing: count the controller's failures instead
        assertEquals(OpsController.Membership.ENABLING, controller.membership());
        assertEquals(8 + 11, controller.rpcFailures(), "enable attempts at 0, 1, 3, 7, 15, 31, 61, 91 s and polls "
                + "at 0, 10, .. 100 s");
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("WARNING Kamailio unreachable at " + kamailio.client.url()
                + ": connection refused (rtpengine.enable, 1 attempt); the sidecar keeps serving media and retries "
                + "rtpengine.enable " + URL + " 1 with backoff"), log.get(0));
        assertFalse(controller.snapshot().reachable());

        kamailio.up();
        runUntil(130_000);
        assertEquals(OpsController.Membership.ENABLED, controller.membership());
        assertEquals(List.of("rtpengine.enable [\"" + URL + "\",1]"), kamailio.callsOf("rtpengine.enable"),
                "one successful attempt after the outage");
        assertEquals(3, log.size(), log.toString());
        assertEquals("INFO Kamailio at " + kamailio.client.url() + " answers now, after 110 s unreachable", log.get(1));
        // the poll at 110 s finds Kamailio back: the enable goes out then, not at the backoff's 121 s
        assertEquals(List.of(110_000L), kamailio.timesOf("rtpengine.enable"));
        assertTrue(log.get(2).startsWith("INFO enabled " + URL) && log.get(2).endsWith(" (after 9 attempts in 110 s)"),
                log.get(2));
        assertTrue(controller.snapshot().reachable(), "polled at once after enabling");
    }

    @Test
    void backoffDoublesFromOneSecondAndStopsGrowingAtThirtySeconds() {
        kamailio.fault("rtpengine.enable", 404, "Instance not found");
        controller.ready();
        runUntil(130_000);
        assertEquals(List.of(0L, 1_000L, 3_000L, 7_000L, 15_000L, 31_000L, 61_000L, 91_000L, 121_000L),
                kamailio.timesOf("rtpengine.enable"));
        assertEquals(1, lines("is not in Kamailio's rtpengine_sock").size(), "logged once: " + log);
        assertTrue(lines("is not in Kamailio's rtpengine_sock").get(0).contains("Instance not found (404)"),
                log.toString());
    }

    @Test
    void aPingKamailioGotNoAnswerForIsRetriedAndLoggedOnce() {
        kamailio.result("rtpengine.enable", "{\"url\":\"" + URL + "\",\"status\":\"fail\"}");
        controller.ready();
        runUntil(40_000);
        assertTrue(kamailio.callsOf("rtpengine.enable").size() >= 5, kamailio.calls().toString());
        assertEquals(List.of("WARNING Kamailio pinged " + URL + " and got no answer, so it keeps the sidecar disabled "
                + "(is --kamailio-ng-url the address Kamailio reaches listen-ng at?); retrying with backoff (at most "
                + "every 30 s)"), log);
        assertEquals(OpsController.Membership.ENABLING, controller.membership());
    }

    @Test
    void drainDisablesTheUrlPermanentlyAndReadyCannotUndoIt() {
        controller.ready();
        runUntil(1_000);
        kamailio.result("rtpengine.enable", "{\"url\":\"" + URL + "\",\"status\":\"disable\"}")
                .result("rtpengine.show", PERMANENTLY_DISABLED_NODE);
        assertFalse(controller.disableAttempted());
        controller.drain();
        controller.ready();
        runUntil(60_000);
        assertEquals(List.of("rtpengine.enable [\"" + URL + "\",1]", "rtpengine.enable [\"" + URL + "\",0]"),
                kamailio.callsOf("rtpengine.enable"));
        assertEquals(OpsController.Membership.DISABLED, controller.membership());
        assertTrue(controller.disableAttempted());
        assertEquals(1, lines("disabled " + URL + " in Kamailio's rtpengine set").size(), log.toString());
        assertEquals(List.of(), lines("WARNING"), "the controller's own disable is not reported as someone else's");
    }

    @Test
    void aDisableThatCannotReachKamailioStillCountsAsAttempted() {
        controller.ready();
        runUntil(1_000);
        kamailio.down();
        controller.drain();
        runUntil(2_000);
        assertTrue(controller.disableAttempted(), "a drained sidecar must not wait for a Kamailio that is down");
        assertEquals(OpsController.Membership.DISABLING, controller.membership());
    }

    @Test
    void aRestartedKamailioThatEnabledTheDrainedUrlAgainIsToldAgain() {
        kamailio.result("rtpengine.enable", "{\"url\":\"" + URL + "\",\"status\":\"disable\"}")
                .result("rtpengine.show", PERMANENTLY_DISABLED_NODE);
        controller.drain();
        runUntil(15_000);
        assertEquals(1, kamailio.callsOf("rtpengine.enable").size());
        kamailio.result("rtpengine.show", ENABLED_NODE); // Kamailio restarted: every node of its cfg enabled
        runUntil(21_000);
        assertEquals(List.of("rtpengine.enable [\"" + URL + "\",0]", "rtpengine.enable [\"" + URL + "\",0]"),
                kamailio.callsOf("rtpengine.enable"));
        assertEquals(1, lines("enabled again (restarted?)").size(), log.toString());
    }

    @Test
    void pollTurnsStatisticsAndTheRtpengineSetIntoASnapshot() {
        runUntil(0);
        KamailioSnapshot snapshot = controller.snapshot();
        assertTrue(snapshot.reachable());
        assertNull(snapshot.problem());
        assertEquals(3L, snapshot.wsConnections());
        assertEquals(3L, snapshot.registeredContacts(), "location and browsers tables summed");
        assertEquals(2L, snapshot.registeredUsers());
        assertEquals(1L, snapshot.activeDialogs());
        assertEquals(List.of(new RtpengineNode(URL, 0, 0, 1, RtpengineNode.State.ENABLED, 0L)),
                snapshot.rtpengineNodes());
        assertEquals(List.of("stats.get_statistics [\"websocket:\",\"usrloc:\",\"dialog:\"]", "rtpengine.show [\"all\"]"),
                kamailio.calls());
    }

    @Test
    void anOutageIsASnapshotWithoutNumbersNotAStreamOfErrors() {
        runUntil(0);
        kamailio.down();
        runUntil(60_000);
        KamailioSnapshot snapshot = controller.snapshot();
        assertFalse(snapshot.reachable());
        assertNull(snapshot.wsConnections(), "no stale numbers during an outage");
        assertEquals(List.of(), snapshot.rtpengineNodes());
        assertEquals(6, controller.rpcFailures(), "polls at 10..60 s failed");
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("WARNING Kamailio unreachable at ") && log.get(0).endsWith(
                "(stats.get_statistics, 1 attempt); the sidecar keeps serving media"), log.get(0));
    }

    @Test
    void reportsOnceWhenKamailioDisablesTheSidecarByItselfAndWhenItTakesItBack() {
        controller.ready();
        runUntil(1_000);
        kamailio.result("rtpengine.show", "[{\"url\":\"" + URL + "\",\"set\":0,\"index\":0,\"weight\":1,"
                + "\"disabled\":1,\"recheck_ticks\":7}]");
        runUntil(31_000);
        kamailio.result("rtpengine.show", ENABLED_NODE);
        runUntil(41_000);
        assertEquals(List.of("WARNING Kamailio disabled " + URL + ": an ng request or ping got no answer in time; it "
                        + "pings the sidecar again in 7 s"),
                lines("Kamailio disabled"));
        assertEquals(1, lines("Kamailio sends " + URL + " new calls again").size(), log.toString());
    }

    @Test
    void aUrlThatIsNotInTheSetIsReportedOnceWithTheUrlsThatAre() {
        kamailio.result("rtpengine.show", "[{\"url\":\"udp:10.0.0.5:2223\",\"set\":0,\"index\":0,\"weight\":1,"
                + "\"disabled\":0,\"recheck_ticks\":0}]");
        runUntil(40_000);
        assertEquals(List.of("WARNING " + URL + " is not in Kamailio's rtpengine set (rtpengine.show lists "
                + "[udp:10.0.0.5:2223]): Kamailio sends this sidecar no calls; set --kamailio-ng-url to the URL exactly "
                + "as kamailio.cfg writes it"), log);
    }
}
