package org.rtcsip.kamailio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rtcsip.kamailio.asterisk.AsteriskException;
import org.rtcsip.kamailio.asterisk.AsteriskHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sidecarctl asterisk calls|channels|bridges}: the Asterisk half. {@code calls} reads ari-bridge's
 * {@code /calls} and looks each call's parties up in ARI (a call whose party Asterisk no longer holds is a
 * half-call); {@code channels} and {@code bridges} read ARI directly and name what ari-bridge created.
 */
@Command(name = "asterisk", synopsisSubcommandLabel = "COMMAND",
        description = "The Asterisk half: ari-bridge's calls (--ari-bridge-url) and Asterisk's channels and bridges "
                + "(ARI at --ari-url as --ari-user, password from env SIDECARCTL_ARI_PASSWORD).")
final class AsteriskCommand implements Runnable {
    /** ari-bridge names what it creates {@code arib-<caller channel id>} plus one of these. */
    private static final Map<String, String> ROLES = Map.of("-b", "target", "-ema", "media (caller side)",
            "-emb", "media (target side)", "-ba", "caller's bridge", "-bb", "target's bridge");
    private static final DateTimeFormatter ARI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    @Spec
    private CommandSpec spec;

    @Option(names = "--ari-url", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:SIDECARCTL_ARI_URL:-" + AsteriskHttpClient.DEFAULT_ARI_URL + "}",
            description = "Asterisk's HTTP server, ari-bridge's ari-url (env SIDECARCTL_ARI_URL; default "
                    + "${DEFAULT-VALUE}).")
    private String ariUrl;

    @Option(names = "--ari-user", paramLabel = "USER", scope = picocli.CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:SIDECARCTL_ARI_USER:-ari-bridge}",
            description = "An ari.conf user (env SIDECARCTL_ARI_USER; default ${DEFAULT-VALUE}); its password from env "
                    + "SIDECARCTL_ARI_PASSWORD (default: the shipped sample's).")
    private String ariUser;

    @Option(names = "--ari-bridge-url", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:SIDECARCTL_ARI_BRIDGE_URL:-" + AsteriskHttpClient.DEFAULT_ARI_BRIDGE_URL + "}",
            description = "ari-bridge's operator HTTP, its listen-http (env SIDECARCTL_ARI_BRIDGE_URL; default "
                    + "${DEFAULT-VALUE}).")
    private String bridgeUrl;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND (calls, channels or bridges)");
    }

    private AsteriskHttpClient client() {
        String password = System.getenv("SIDECARCTL_ARI_PASSWORD");
        try {
            return new AsteriskHttpClient(ariUrl, ariUser, password == null ? "ari-bridge-secret" : password,
                    bridgeUrl, Duration.ofSeconds(5));
        } catch (IllegalArgumentException badUrl) {
            throw new ParameterException(spec.commandLine(), badUrl.getMessage());
        }
    }

    @Command(name = "calls", description = "The calls ari-bridge routes through media-sidecar (GET /calls of "
            + "ari-bridge), each party as ARI sees it now: a party Asterisk no longer holds is flagged.")
    int calls() {
        CommandOutput output = CommandOutput.of(spec);
        JsonNode calls;
        Map<String, JsonNode> channels = new HashMap<>();
        String ariProblem = null;
        try (AsteriskHttpClient asterisk = client()) {
            calls = asterisk.calls();
            try {
                asterisk.channels().forEach(c -> channels.put(c.path("id").asText(), c));
            } catch (AsteriskException e) {
                ariProblem = e.getMessage();
            }
        }
        if (output.json()) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.set("calls", calls);
            doc.set("channels", JsonNodeFactory.instance.pojoNode(channels));
            output.printJson(doc);
            return SidecarCtl.OK;
        }
        if (ariProblem != null) {
            output.println("note: parties not looked up in Asterisk: " + ariProblem);
        }
        if (calls.isEmpty()) {
            output.println("no calls through media-sidecar in ari-bridge at " + bridgeUrl);
            return SidecarCtl.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (JsonNode call : calls) {
            String callId = call.path("callId").asText();
            String caller = party(channels, call.path("callerChannel").asText(), ariProblem == null);
            String target = party(channels, call.path("targetChannel").asText(), ariProblem == null);
            rows.add(List.of(callId, call.path("state").asText(),
                    call.path("callerCodec").asText() + "<->" + call.path("targetCodec").asText(),
                    CommandOutput.ago(call.path("ageMillis").asLong() / 1000, 0), caller, target,
                    call.path("dial").asText()));
            if (caller.equals("gone") || target.equals("gone")) {
                notes.add("note: " + callId + ": the " + (caller.equals("gone") ? "caller" : "target") + " is gone"
                        + " from Asterisk; ari-bridge ends the other party (runbook: browser-on-asterisk-hears-nothing)");
            }
        }
        output.printTable(List.of("CALL-ID", "STATE", "CODECS", "AGE", "CALLER", "TARGET", "DIAL"), rows);
        output.println(calls.size() + (calls.size() == 1 ? " call" : " calls"));
        notes.forEach(output::println);
        return SidecarCtl.OK;
    }

    private static String party(Map<String, JsonNode> channels, String id, boolean known) {
        if (!known) {
            return "?";
        }
        JsonNode c = channels.get(id);
        return c == null ? "gone" : c.path("name").asText() + " " + c.path("state").asText();
    }

    @Command(name = "channels", description = "Asterisk's channels (ARI GET /channels): state, caller, where in the "
            + "dialplan or which Stasis app, age, and what ari-bridge created.")
    int channels() {
        CommandOutput output = CommandOutput.of(spec);
        JsonNode channels;
        try (AsteriskHttpClient asterisk = client()) {
            channels = asterisk.channels();
        }
        if (output.json()) {
            output.printJson(channels);
            return SidecarCtl.OK;
        }
        if (channels.isEmpty()) {
            output.println("no channels in Asterisk at " + ariUrl);
            return SidecarCtl.OK;
        }
        long now = Instant.now().getEpochSecond();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode c : channels) {
            JsonNode plan = c.path("dialplan");
            String where = plan.path("app_name").asText().isEmpty()
                    ? plan.path("exten").asText() + "@" + plan.path("context").asText()
                    : plan.path("app_name").asText() + "(" + plan.path("app_data").asText() + ")";
            String caller = c.path("caller").path("number").asText();
            rows.add(List.of(c.path("id").asText(), c.path("name").asText(), c.path("state").asText(),
                    caller.isEmpty() ? "-" : caller, where, age(now, c.path("creationtime").asText()),
                    role(c.path("id").asText())));
        }
        output.printTable(List.of("ID", "NAME", "STATE", "CALLER", "DIALPLAN", "AGE", "ARI-BRIDGE"), rows);
        output.println(channels.size() + (channels.size() == 1 ? " channel" : " channels"));
        return SidecarCtl.OK;
    }

    @Command(name = "bridges", description = "Asterisk's bridges (ARI GET /bridges): type, technology, the channels "
            + "in each, age, and which ari-bridge created.")
    int bridges() {
        CommandOutput output = CommandOutput.of(spec);
        JsonNode bridges;
        try (AsteriskHttpClient asterisk = client()) {
            bridges = asterisk.bridges();
        }
        if (output.json()) {
            output.printJson(bridges);
            return SidecarCtl.OK;
        }
        if (bridges.isEmpty()) {
            output.println("no bridges in Asterisk at " + ariUrl);
            return SidecarCtl.OK;
        }
        long now = Instant.now().getEpochSecond();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode b : bridges) {
            List<String> members = new ArrayList<>();
            b.path("channels").forEach(id -> members.add(id.asText()));
            rows.add(List.of(b.path("id").asText(), b.path("bridge_type").asText(), b.path("technology").asText(),
                    members.isEmpty() ? "-" : String.join(",", members), age(now, b.path("creationtime").asText()),
                    role(b.path("id").asText())));
        }
        output.printTable(List.of("ID", "TYPE", "TECHNOLOGY", "CHANNELS", "AGE", "ARI-BRIDGE"), rows);
        output.println(bridges.size() + (bridges.size() == 1 ? " bridge" : " bridges"));
        return SidecarCtl.OK;
    }

    /** What ari-bridge's naming says an id is ({@code target of arib-...}), or {@code -}. */
    static String role(String id) {
        if (id.startsWith("arib-")) {
            for (Map.Entry<String, String> e : ROLES.entrySet()) {
                if (id.endsWith(e.getKey())) {
                    return e.getValue() + " of " + id.substring(0, id.length() - e.getKey().length());
                }
            }
        }
        return "-";
    }

    private static String age(long now, String ariTime) {
        try {
            return CommandOutput.ago(now, OffsetDateTime.parse(ariTime, ARI_TIME).toEpochSecond());
        } catch (DateTimeParseException e) {
            return "?";
        }
    }
}
