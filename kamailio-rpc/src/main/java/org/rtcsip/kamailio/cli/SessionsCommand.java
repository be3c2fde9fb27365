package org.rtcsip.kamailio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rtcsip.kamailio.sidecar.SidecarHttpClient;
import org.rtcsip.kamailio.sidecar.SidecarNgClient;
import org.rtcsip.kamailio.sidecar.SidecarRefusedException;
import org.rtcsip.kamailio.sidecar.SidecarSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sidecarctl sessions list|show|delete}: the calls one sidecar carries, from its
 * {@code /sessions} (list, show) and its ng socket (delete, as Kamailio would send it).
 */
@Command(name = "sessions", synopsisSubcommandLabel = "COMMAND",
        description = "The calls one media sidecar carries (--sidecar-url for list/show, --ng-url for delete).")
final class SessionsCommand implements Runnable {

    /** A party this long without a packet while the other still sends is one-way audio. */
    private static final long SILENT_SECONDS = 5;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND (list, show or delete)");
    }

    @Command(name = "list", description = "List the calls: age, legs, packets received, seconds since the last "
            + "packet (GET /sessions).")
    int list() {
        CommandOutput output = CommandOutput.of(spec);
        JsonNode document;
        String url;
        try (SidecarHttpClient sidecar = SidecarCtl.of(spec).sidecarHttp()) {
            url = sidecar.url();
            document = sidecar.sessionsDocument();
        }
        if (output.json()) {
            output.printJson(document);
            return SidecarCtl.OK;
        }
        List<SidecarSession> sessions = typed(document, url);
        if (sessions.isEmpty()) {
            output.println("no calls on the sidecar at " + url);
            return SidecarCtl.OK;
        }
        long now = Instant.now().getEpochSecond();
        List<List<String>> rows = new ArrayList<>();
        for (SidecarSession session : sessions) {
            rows.add(List.of(session.callId(), CommandOutput.ago(now, session.createdEpochSeconds()),
                    Integer.toString(session.legs().size()), Long.toString(session.packets()),
                    session.lastPacketEpochSeconds() == 0 ? "never"
                            : CommandOutput.ago(now, session.lastPacketEpochSeconds())));
        }
        output.printTable(List.of("CALL-ID", "AGE", "LEGS", "PACKETS", "LAST-PACKET"), rows);
        output.println(sessions.size() + (sessions.size() == 1 ? " call" : " calls"));
        return SidecarCtl.OK;
    }

    @Command(name = "show", description = "Show one call: each party's socket on the sidecar, the party's address, "
            + "what arrived from it and when; flags one-way audio.")
    int show(@Parameters(paramLabel = "CALL-ID", description = "the SIP Call-ID") String callId) {
        CommandOutput output = CommandOutput.of(spec);
        JsonNode document;
        String url;
        try (SidecarHttpClient sidecar = SidecarCtl.of(spec).sidecarHttp()) {
            url = sidecar.url();
            document = sidecar.sessionsDocument();
        }
        List<SidecarSession> sessions = typed(document, url);
        int index = -1;
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).callId().equals(callId)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new OperationFailedException("no call " + callId + " on the sidecar at " + url + " ("
                    + sessions.size() + (sessions.size() == 1 ? " call" : " calls") + "; see: sidecarctl sessions list)");
        }
        if (output.json()) {
            output.printJson(document.get(index));
            return SidecarCtl.OK;
        }
        SidecarSession session = sessions.get(index);
        long now = Instant.now().getEpochSecond();
        output.println("call      " + session.callId());
        output.println("created   " + Instant.ofEpochSecond(session.createdEpochSeconds()) + " ("
                + CommandOutput.ago(now, session.createdEpochSeconds()) + " ago)");
        output.println("last ng   " + CommandOutput.ago(now, session.lastSignalEpochSeconds()) + " ago");
        output.println("");
        List<List<String>> rows = new ArrayList<>();
        for (SidecarSession.Leg leg : session.legs()) {
            for (SidecarSession.Stream stream : leg.streams()) {
                rows.add(List.of(leg.tag().isEmpty() ? "-" : leg.tag(), stream.media() + " " + stream.type(),
                        stream.kind(), stream.local(), stream.peer() == null ? "unknown" : stream.peer(),
                        stream.codec() == null ? "-" : stream.codec(), Long.toString(stream.packets()),
                        Long.toString(stream.errors()),
                        // the sidecar keeps one last-packet time per m= line: a socket that got nothing shows never
                        stream.packets() == 0 || stream.lastPacketEpochSeconds() == 0 ? "never"
                                : CommandOutput.ago(now, stream.lastPacketEpochSeconds()) + " ago"));
            }
        }
        output.printTable(List.of("TAG", "MEDIA", "KIND", "SIDECAR", "PARTY", "CODEC", "PACKETS", "ERRORS",
                "LAST-PACKET"), rows);
        List<String> paths = new ArrayList<>();
        for (SidecarSession.Leg leg : session.legs()) {
            int shown = -1;
            for (SidecarSession.Stream stream : leg.streams()) {
                if (stream.media() == shown || stream.rtpPath() == null) {
                    continue;
                }
                shown = stream.media();
                String who = (leg.tag().isEmpty() ? "-" : leg.tag()) + " m=" + stream.media();
                paths.add("  " + who + " RTP:  " + stream.rtpPath());
                paths.add("  " + who + " RTCP: " + stream.rtcpPath());
            }
        }
        if (!paths.isEmpty()) {
            output.println("");
            output.println("packet paths (from each party to the other):");
            paths.forEach(output::println);
        }
        for (String note : oneWayNotes(session, now)) {
            output.println(note);
        }
        return SidecarCtl.OK;
    }

    @Command(name = "delete", description = "End one call on the sidecar now and free its ports (ng delete, as "
            + "Kamailio sends on BYE). The SIP dialog is not touched: the phones still think the call is up.")
    int delete(@Parameters(paramLabel = "CALL-ID", description = "the SIP Call-ID") String callId) {
        CommandOutput output = CommandOutput.of(spec);
        Map<String, Object> reply;
        String url;
        try (SidecarNgClient ng = SidecarCtl.of(spec).sidecarNg()) {
            url = ng.url();
            try {
                reply = ng.delete(callId);
            } catch (SidecarRefusedException refused) {
                if (refused.getMessage().contains("not found")) {
                    throw new OperationFailedException("no call " + callId + " on the sidecar at " + url
                            + " (ng delete: Call-ID not found; see: sidecarctl sessions list)");
                }
                throw refused;
            }
        }
        if (output.json()) {
            output.printJson(reply);
        } else {
            output.println("deleted call " + callId + " on " + url + ": media stopped, ports freed");
        }
        return SidecarCtl.OK;
    }

    private static List<SidecarSession> typed(JsonNode document, String url) {
        try {
            return SidecarSession.listFrom(document);
        } catch (IllegalArgumentException e) {
            throw new OperationFailedException("GET /sessions from " + url + ": " + e.getMessage());
        }
    }

    /**
     * What the packet counts say about the call's audio: a party that never sent while another did (one-way
     * audio: the listener's missing direction), a party that stopped while another still sends, or silence
     * from everyone.
     */
    static List<String> oneWayNotes(SidecarSession session, long now) {
        List<String> notes = new ArrayList<>();
        boolean anySent = false;
        boolean anyFresh = false;
        long newest = 0;
        for (SidecarSession.Leg leg : session.legs()) {
            for (SidecarSession.Stream stream : leg.streams()) {
                if (rtp(stream) && stream.packets() > 0) {
                    anySent = true;
                    anyFresh |= fresh(stream, now);
                    newest = Math.max(newest, stream.lastPacketEpochSeconds());
                }
            }
        }
        if (!anySent) {
            notes.add("note: no RTP from any party yet (media not started, or blocked before the sidecar)");
            return notes;
        }
        for (SidecarSession.Leg leg : session.legs()) {
            for (SidecarSession.Stream stream : leg.streams()) {
                if (!rtp(stream)) {
                    continue;
                }
                String party = "party " + (leg.tag().isEmpty() ? "(no tag)" : leg.tag()) + " ("
                        + (stream.peer() == null ? "address unknown" : stream.peer()) + ") on " + stream.local();
                if (stream.packets() == 0) {
                    notes.add("note: one-way audio: no RTP from " + party + " since the call began; the other party's"
                            + " RTP arrives");
                } else if (anyFresh && !fresh(stream, now)) {
                    notes.add("note: one-way audio: no RTP from " + party + " for "
                            + (now - stream.lastPacketEpochSeconds()) + " s while the other party still sends");
                }
            }
        }
        if (!anyFresh) {
            notes.add("note: no RTP from any party for " + (now - newest) + " s (call on hold, a party gone, or media"
                    + " blocked both ways)");
        }
        return notes;
    }

    private static boolean rtp(SidecarSession.Stream stream) {
        return stream.kind().equals("RTP");
    }

    private static boolean fresh(SidecarSession.Stream stream, long now) {
        return stream.lastPacketEpochSeconds() != 0 && now - stream.lastPacketEpochSeconds() <= SILENT_SECONDS;
    }
}
