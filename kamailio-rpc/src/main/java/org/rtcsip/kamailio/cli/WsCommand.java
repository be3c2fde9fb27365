package org.rtcsip.kamailio.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.WsConnection;
import org.rtcsip.kamailio.rpc.WsDump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sidecarctl kamailio ws list|close|ping}: the browsers' SIP-over-WebSocket connections. */
@Command(name = "ws", synopsisSubcommandLabel = "COMMAND",
        description = "WebSocket connections of Kamailio's websocket module (browsers, RFC 7118).")
final class WsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND (list, close or ping)");
    }

    @Command(name = "list", description = "List the WebSocket connections (ws.dump; Kamailio lists at most 50).")
    int list() {
        CommandOutput output = CommandOutput.of(spec);
        WsDump dump;
        try (KamailioRpcClient kamailio = SidecarCtl.of(spec).kamailio()) {
            dump = kamailio.wsDump();
        }
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("connections", dump.connections());
            json.put("total", dump.total());
            json.put("truncated", dump.truncated());
            output.printJson(json);
            return SidecarCtl.OK;
        }
        if (dump.connections().isEmpty()) {
            output.println("no WebSocket connections");
            return SidecarCtl.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (WsConnection c : dump.connections()) {
            rows.add(List.of(Integer.toString(c.id()), c.scheme(), c.remote().toString(), c.local().toString(),
                    c.state() + (c.awaitingPong() ? " (awaiting pong)" : ""), c.idleSeconds() + "s",
                    c.subProtocol()));
        }
        output.printTable(List.of("ID", "SCHEME", "REMOTE", "LOCAL", "STATE", "IDLE", "PROTOCOL"), rows);
        output.println(dump.truncated()
                ? dump.connections().size() + " of " + dump.total() + " connections shown (Kamailio lists at most 50)"
                : dump.total() + (dump.total() == 1 ? " connection" : " connections"));
        return SidecarCtl.OK;
    }

    @Command(name = "close", description = "Close a WebSocket connection (ws.close; the browser sees close code 1000).")
    int close(@Parameters(paramLabel = "ID", description = "connection id from 'ws list'") int id) {
        try (KamailioRpcClient kamailio = SidecarCtl.of(spec).kamailio()) {
            kamailio.wsClose(id);
        }
        return confirm("closed", id, "closed WebSocket connection " + id);
    }

    @Command(name = "ping", description = "Send a WebSocket Ping on a connection (ws.ping).")
    int ping(@Parameters(paramLabel = "ID", description = "connection id from 'ws list'") int id) {
        try (KamailioRpcClient kamailio = SidecarCtl.of(spec).kamailio()) {
            kamailio.wsPing(id);
        }
        return confirm("pinged", id, "sent a Ping on WebSocket connection " + id);
    }

    private int confirm(String action, int id, String text) {
        CommandOutput output = CommandOutput.of(spec);
        if (output.json()) {
            output.printJson(Map.of("id", id, action, true));
        } else {
            output.println(text);
        }
        return SidecarCtl.OK;
    }
}
