package org.rtcsip.kamailio.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.KamailioStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sidecarctl kamailio stats [group]}: Kamailio's counters (stats.get_statistics). */
@Command(name = "stats", description = "Print Kamailio's statistics, all or one group "
        + "(core, shmem, tcp, tmx, sl, usrloc, registrar, websocket, dialog, ...).")
final class StatsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "GROUP", arity = "0..1", description = "statistics group, e.g. websocket or shmem")
    private String group;

    @Override
    public Integer call() {
        KamailioStatistics statistics;
        try (KamailioRpcClient kamailio = SidecarCtl.of(spec).kamailio()) {
            statistics = group == null ? kamailio.statistics() : kamailio.statistics(group);
            if (statistics.isEmpty() && group != null) {
                // Kamailio answers an unknown group with an empty list: say which groups exist
                throw new OperationFailedException("Kamailio has no statistics group '" + group + "' (it has: "
                        + String.join(", ", kamailio.statistics().groups()) + ")");
            }
        }
        CommandOutput output = CommandOutput.of(spec);
        if (output.json()) {
            output.printJson(statistics.values());
            return SidecarCtl.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Long> entry : statistics.values().entrySet()) {
            rows.add(List.of(entry.getKey(), Long.toString(entry.getValue())));
        }
        output.printTable(List.of("NAME", "VALUE"), rows);
        return SidecarCtl.OK;
    }
}
