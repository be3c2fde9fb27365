package org.rtcsip.kamailio.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sidecarctl kamailio ...}: everything that talks to Kamailio's JSON-RPC. */
@Command(name = "kamailio", synopsisSubcommandLabel = "COMMAND",
        description = "Kamailio over JSON-RPC (--rpc-url): WebSocket clients, the rtpengine set of media "
                + "sidecars, statistics.",
        subcommands = {WsCommand.class, RtpengineCommand.class, StatsCommand.class})
final class KamailioCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND (ws, rtpengine or stats)");
    }
}
