package org.rtcsip.kamailio.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rtcsip.kamailio.sidecar.SidecarNgClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sidecarctl ping}: the ng ping Kamailio sends before it enables a sidecar, from here. */
@Command(name = "ping", description = "Send the sidecar an ng ping, as Kamailio does before it enables it "
        + "(--ng-url); exits 3 when nothing answers.")
final class PingCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Duration took;
        String url;
        try (SidecarNgClient ng = SidecarCtl.of(spec).sidecarNg()) {
            url = ng.url();
            took = ng.ping();
        }
        double millis = took.toNanos() / 1e6;
        CommandOutput output = CommandOutput.of(spec);
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("url", url);
            json.put("result", "pong");
            json.put("millis", Math.round(millis * 1000) / 1000.0);
            output.printJson(json);
        } else {
            output.println(String.format(Locale.ROOT, "pong from %s in %.1f ms", url, millis));
        }
        return SidecarCtl.OK;
    }
}
