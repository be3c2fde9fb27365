package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.config.ParsedOptions.error;
import static org.rtcsip.sidecar.config.ParsedOptions.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --drain-timeout, --kamailio-rpc, --kamailio-ng-url and --kamailio-poll-interval: defaults, spellings, errors. */
class KamailioControlOptionsTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultThereIsNoKamailioControlAndADrainLastsAMinuteAtMost() throws Exception {
        SidecarConfig c = load();
        assertEquals(Optional.empty(), c.kamailioRpc());
        assertEquals("udp:127.0.0.1:2223", c.kamailioNgUrl(), "the kamailio.cfg default SIDECAR_NG");
        assertEquals(Duration.ofSeconds(60), c.drainTimeout());
        assertEquals(Duration.ofSeconds(10), c.kamailioPollInterval());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void theNgUrlIsTheFirstNgListenerSpelledAsRtpengineSock() throws Exception {
        SidecarConfig v4 = load("--listen-ng=10.0.0.5:2300", "--listen-ng=127.0.0.1:2301",
                "--kamailio-rpc=http://127.0.0.1:5071/RPC");
        assertEquals("udp:10.0.0.5:2300", v4.kamailioNgUrl());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:5071/RPC")), v4.kamailioRpc());

        SidecarConfig v6 = load("--listen-ng=[::1]:2223", "--kamailio-rpc=https://[::1]:5071/RPC");
        assertEquals("udp6:[0:0:0:0:0:0:0:1]:2223", v6.kamailioNgUrl());
    }

    @Test
    void anExplicitNgUrlIsKeptAsWrittenBecauseKamailioComparesText() throws Exception {
        SidecarConfig c = load("--listen-ng=0.0.0.0:2223", "--kamailio-rpc=http://10.0.0.1:5071/RPC",
                "--kamailio-ng-url=udp:sidecar-1.example.net:2223", "--drain-timeout=30",
                "--kamailio-poll-interval=2");
        assertEquals("udp:sidecar-1.example.net:2223", c.kamailioNgUrl());
        assertEquals(Duration.ofSeconds(30), c.drainTimeout());
        assertEquals(Duration.ofSeconds(2), c.kamailioPollInterval());
        assertEquals(1, c.warnings().size(), "only the wildcard listener warning: " + c.warnings());
    }

    @Test
    void anNgUrlOnAnotherPortThanListenNgIsAllowedWithAWarning() throws Exception {
        SidecarConfig c = load("--kamailio-ng-url=udp:203.0.113.5:40000");
        assertEquals(List.of("kamailio-ng-url: \"udp:203.0.113.5:40000\" names port 40000, but listen-ng has [2223];"
                + " fine behind a port forward, otherwise Kamailio's ping will get no answer (command line)"),
                c.warnings());
    }

    @Test
    void autoCannotNameAWildcardListenerWhenKamailioControlNeedsIt() throws Exception {
        assertEquals("kamailio-ng-url: auto cannot tell Kamailio's name for this sidecar: listen-ng 0.0.0.0:2223 is a"
                + " wildcard; set kamailio-ng-url to the URL kamailio.cfg's rtpengine_sock uses, e.g."
                + " udp:10.0.0.5:2223 (built-in defaults sidecar-defaults.conf line 29)",
                error("--listen-ng=0.0.0.0:2223", "--kamailio-rpc=http://127.0.0.1:5071/RPC").replaceAll(
                        "line \\d+", "line 29"));
        // without Kamailio control nobody reads it: no error
        load("--listen-ng=0.0.0.0:2223");
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhereItCameFrom() {
        assertEquals("kamailio-rpc: \"127.0.0.1:5071\" is not an http:// or https:// URL of Kamailio's JSON-RPC (the"
                + " shipped kamailio.cfg serves http://127.0.0.1:5071/RPC), nor off (command line)",
                error("--kamailio-rpc=127.0.0.1:5071"));
        assertTrue(error("--kamailio-rpc=ftp://127.0.0.1/RPC").startsWith("kamailio-rpc: \"ftp://127.0.0.1/RPC\" is"
                + " not an http://"));
        assertTrue(error("--kamailio-rpc=http://").startsWith("kamailio-rpc: \"http://\" is not"));
        for (String bad : List.of("127.0.0.1:2223", "udp:127.0.0.1", "udp::2223", "udp:127.0.0.1:0",
                "udp:127.0.0.1:65536", "udp:127.0.0.1:22x", "tcp:127.0.0.1:2223", "udp:127.0.0.1 :2223")) {
            assertEquals("kamailio-ng-url: \"" + bad + "\" is not an ng URL as rtpengine_sock writes it: udp:IP:PORT or"
                    + " udp6:[IP]:PORT, or auto (command line)", error("--kamailio-ng-url=" + bad), bad);
        }
        assertEquals("drain-timeout: \"-1\" is out of range, allowed 0 to 86400 (command line)",
                error("--drain-timeout=-1"));
        assertEquals("kamailio-poll-interval: \"0\" is out of range, allowed 1 to 3600 (command line)",
                error("--kamailio-poll-interval=0"));
    }

    @Test
    void theConfigFileTakesTheSameKeys() throws Exception {
        Path file = dir.resolve("sidecar.conf");
        Files.writeString(file, "[sidecar]\nkamailio-rpc = http://127.0.0.1:5071/RPC\ndrain-timeout = 0\n"
                + "kamailio-ng-url = udp6:[2001:db8::5]:2223\n");
        SidecarConfig c = load("--config-file=" + file);
        assertEquals(Duration.ZERO, c.drainTimeout());
        assertEquals("udp6:[2001:db8::5]:2223", c.kamailioNgUrl());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:5071/RPC")), c.kamailioRpc());
    }

    @Test
    void helpShowsTheOptionsWithTheirDefaults() throws Exception {
        String help = ((Startup.PrintAndExit) SidecarConfig.parse(new String[] {"--help"}, 2)).text();
        assertTrue(help.contains("--kamailio-rpc=URL|off"), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("Default: 60."), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("Default: off."), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("Default: auto."), help);
    }
}
