package org.rtcsip.kamailio.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.NotFoundException;
import org.rtcsip.kamailio.rpc.RtpengineNode;
import org.rtcsip.kamailio.rpc.RtpengineReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sidecarctl kamailio rtpengine show|enable|disable}: the media sidecars in Kamailio's
 * rtpengine set. URLs must be written exactly as in kamailio.cfg's {@code rtpengine_sock}.
 */
@Command(name = "rtpengine", synopsisSubcommandLabel = "COMMAND",
        description = "The ng servers (media sidecars) of Kamailio's rtpengine module.")
final class RtpengineCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND (show, enable or disable)");
    }

    @Command(name = "show", description = "Show the ng servers and whether Kamailio sends them calls (rtpengine.show).")
    int show(@Parameters(paramLabel = "URL", arity = "0..1", defaultValue = "all",
            description = "one ng URL as configured, or all (default)") String url) {
        List<RtpengineNode> nodes;
        try (KamailioRpcClient kamailio = SidecarCtl.of(spec).kamailio()) {
            nodes = "all".equals(url) ? kamailio.rtpengineShow() : configured(url, () -> kamailio.rtpengineShow(url));
        }
        CommandOutput output = CommandOutput.of(spec);
        if (output.json()) {
            output.printJson(nodes);
            return SidecarCtl.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (RtpengineNode node : nodes) {
            rows.add(List.of(node.url(), Integer.toString(node.set()), Integer.toString(node.index()),
                    Integer.toString(node.weight()), state(node)));
        }
        output.printTable(List.of("URL", "SET", "INDEX", "WEIGHT", "STATE"), rows);
        return SidecarCtl.OK;
    }

    @Command(name = "enable", description = "Let Kamailio send new calls to an ng server; Kamailio pings it "
            + "first and keeps it disabled if it does not answer (rtpengine.enable URL 1).")
    int enable(@Parameters(paramLabel = "URL", description = "ng URL as configured (udp:10.0.0.5:2223), or all")
               String url) {
        RtpengineReply reply;
        try (KamailioRpcClient kamailio = SidecarCtl.of(spec).kamailio()) {
            reply = configured(url, () -> kamailio.rtpengineEnable(url, true));
        }
        if (reply.failed()) {
            throw new OperationFailedException("rtpengine.enable: Kamailio pinged " + url
                    + " and got no answer: it stays disabled (is the sidecar up and its ng port reachable from Kamailio?)");
        }
        return report(reply, "enabled " + url + ": Kamailio sends it new calls");
    }

    @Command(name = "disable", description = "Stop Kamailio sending new calls to an ng server, until enabled "
            + "again (rtpengine.enable URL 0: permanent, no pings).")
    int disable(@Parameters(paramLabel = "URL", description = "ng URL as configured (udp:10.0.0.5:2223), or all")
                String url) {
        RtpengineReply reply;
        try (KamailioRpcClient kamailio = SidecarCtl.of(spec).kamailio()) {
            reply = configured(url, () -> kamailio.rtpengineEnable(url, false));
        }
        if (reply.failed()) {
            throw new OperationFailedException("rtpengine.enable: Kamailio could not disable " + url);
        }
        return report(reply, "disabled " + url + ": Kamailio sends it no new calls");
    }

    /** Kamailio's 404 "Instance not found" means the URL is not written as in rtpengine_sock: say so. */
    private static <T> T configured(String url, Supplier<T> call) {
        try {
            return call.get();
        } catch (NotFoundException notConfigured) {
            throw new OperationFailedException(notConfigured.getMessage() + ": " + url
                    + " is not in Kamailio's rtpengine_sock (see: sidecarctl kamailio rtpengine show)");
        }
    }

    private int report(RtpengineReply reply, String text) {
        CommandOutput output = CommandOutput.of(spec);
        if (output.json()) {
            output.printJson(reply);
        } else {
            output.println(text);
        }
        return SidecarCtl.OK;
    }

    private static String state(RtpengineNode node) {
        switch (node.state()) {
            case ENABLED:
                return "enabled";
            case DISABLED_PERMANENTLY:
                // rtpengine.enable <url> 0: an operator, or the sidecar's own drain
                return "disabled (by hand or drain)";
            default:
                return node.recheckSeconds() == null
                        ? "disabled (no answer)"
                        : "disabled (no answer; retried in " + node.recheckSeconds() + " s)";
        }
    }
}
