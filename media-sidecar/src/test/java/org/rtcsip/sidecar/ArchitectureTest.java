package org.rtcsip.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the house (STYLE.md), checked by reading the imports of every main source file: protocol
 * packages never reach into the session, the sockets, the control plane or the configuration; the session never
 * reaches the sockets or the control plane; RTP does not lean on RTCP (RTCP reports on RTP, not the other way).
 */
class ArchitectureTest {
    private static final Path MAIN = Paths.get("src/main/java/org/rtcsip/sidecar");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.rtcsip\\.sidecar\\.(\\w+)",
            Pattern.MULTILINE);
    private static final Set<String> PROTOCOLS = Set.of("sdp", "rtp", "rtcp", "srtp", "ice", "dtls", "codec");
    private static final Set<String> OUTSIDE_PROTOCOLS = Set.of("session", "net", "ng", "ops", "config");
    private static final Map<String, Set<String>> FORBIDDEN = Map.of(
            "session", Set.of("net", "ng", "ops", "config"),
            "rtp", Set.of("rtcp"));

    /** Each main source file with the top-level package it lives in and the project packages it imports. */
    private record Source(Path file, String pkg, List<String> imports) {
    }

    private static List<Source> sources() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the media-sidecar module: " + MAIN.toAbsolutePath());
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f);
                String pkg = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
                List<String> imports = new ArrayList<>();
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    imports.add(m.group(1));
                }
                out.add(new Source(rel, pkg, imports));
            }
        }
        return out;
    }

    @Test
    void protocolPackagesDependOnNothingAboveThem() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Source s : sources()) {
            if (!PROTOCOLS.contains(s.pkg())) {
                continue;
            }
            for (String i : s.imports()) {
                if (OUTSIDE_PROTOCOLS.contains(i)) {
                    broken.add(s.file() + " imports " + i);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theSessionStaysOffTheSocketsAndTheControlPlaneAndRtpOffRtcp() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Source s : sources()) {
            Set<String> forbidden = FORBIDDEN.getOrDefault(s.pkg(), Set.of());
            for (String i : s.imports()) {
                if (forbidden.contains(i)) {
                    broken.add(s.file() + " imports " + i);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theScanSeesThePackagesItJudges() throws IOException {
        Set<String> seen = new java.util.HashSet<>();
        for (Source s : sources()) {
            seen.add(s.pkg());
        }
        assertTrue(seen.containsAll(PROTOCOLS) && seen.contains("session"), "packages found: " + seen);
    }
}
