package org.rtcsip.kamailio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.rtcsip.kamailio.sidecar.SidecarHttpClient;
import org.rtcsip.kamailio.sidecar.SidecarUnreachableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sidecarctl drain [--wait]}: {@code POST /drain} to the sidecar (what SIGTERM does): it
 * takes itself out of Kamailio's rtpengine set (with {@code --kamailio-rpc}), keeps serving the
 * calls in progress until they end or its drain timeout, then exits 0.
 */
@Command(name = "drain", description = "Drain the sidecar at --sidecar-url (as SIGTERM does): no new calls "
        + "(it disables itself in Kamailio when it runs with --kamailio-rpc), calls in progress continue until "
        + "they end or its drain timeout, then it exits. The sidecar takes this from loopback only.")
final class DrainCommand implements Callable<Integer> {

    private static final long POLL_MILLIS = 1_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--wait", description = "Wait until the sidecar has exited; print each change of the number "
            + "of calls left.")
    private boolean waitForExit;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS",
            description = "With --wait: give up (exit 1) after this long; default: the sidecar's drain timeout + 15 s.")
    private Integer waitTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (waitTimeoutSeconds != null && (waitTimeoutSeconds < 1 || waitTimeoutSeconds > 86_400)) {
            throw new ParameterException(spec.commandLine(), "--wait-timeout must be 1..86400 seconds, got "
                    + waitTimeoutSeconds);
        }
        CommandOutput output = CommandOutput.of(spec);
        try (SidecarHttpClient sidecar = SidecarCtl.of(spec).sidecarHttp()) {
            JsonNode answer = sidecar.drain();
            int sessions = answer.path("sessions").asInt();
            long secondsLeft = answer.path("seconds_left").asLong();
            if (!output.json()) {
                output.println((answer.path("started").asBoolean() ? "draining the sidecar at " : "already draining: ")
                        + sidecar.url() + ": " + calls(sessions) + " in progress; no new calls, it exits when they end, "
                        + "in " + secondsLeft + " s at most");
                output.println(kamailioLine(answer.path("kamailio")));
            }
            if (!waitForExit) {
                if (output.json()) {
                    output.printJson(answer);
                }
                return SidecarCtl.OK;
            }
            long limitMillis = 1000L * (waitTimeoutSeconds != null ? waitTimeoutSeconds : secondsLeft + 15);
            long start = System.nanoTime();
            int lastSessions = sessions;
            while ((System.nanoTime() - start) / 1_000_000 < limitMillis) {
                Thread.sleep(POLL_MILLIS);
                SidecarHttpClient.Health health;
                try {
                    health = sidecar.health();
                } catch (SidecarUnreachableException gone) {
                    long seconds = (System.nanoTime() - start) / 1_000_000_000;
                    if (output.json()) {
                        ObjectNode result = ((ObjectNode) answer.deepCopy()).put("exited", true)
                                .put("waited_seconds", seconds);
                        output.printJson(result);
                    } else {
                        output.println("the sidecar at " + sidecar.url() + " exited after " + seconds + " s");
                    }
                    return SidecarCtl.OK;
                }
                int left = health.document().path("sessions").asInt(lastSessions);
                if (left != lastSessions && !output.json()) {
                    output.println(calls(left) + " left");
                }
                lastSessions = left;
            }
            throw new OperationFailedException("the sidecar at " + sidecar.url() + " still runs after "
                    + limitMillis / 1000 + " s (" + calls(lastSessions) + " left)");
        }
    }

    private static String kamailioLine(JsonNode kamailio) {
        if (kamailio.isMissingNode() || kamailio.isNull()) {
            return "the sidecar runs without --kamailio-rpc: take it out of Kamailio's set yourself "
                    + "(sidecarctl kamailio rtpengine disable <its ng URL>)";
        }
        String ngUrl = kamailio.path("ng_url").asText();
        String rpc = kamailio.path("rpc").asText();
        return switch (kamailio.path("membership").asText()) {
            case "DISABLED" -> "Kamailio at " + rpc + " sends " + ngUrl + " no new calls (disabled)";
            default -> "Kamailio at " + rpc + " has not confirmed that " + ngUrl + " is disabled yet (down?); the "
                    + "sidecar keeps trying (check: sidecarctl kamailio rtpengine show)";
        };
    }

    private static String calls(int n) {
        return n + (n == 1 ? " call" : " calls");
    }
}
