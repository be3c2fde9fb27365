package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarConfigTest {

    @TempDir
    Path dir;

    private static SidecarConfig load(String... args) throws ConfigException {
        Startup startup = SidecarConfig.parse(args, 6);
        return assertInstanceOf(Startup.Run.class, startup).config();
    }

    private Path file(String text) throws IOException {
        Path path = dir.resolve("sidecar.conf");
        Files.writeString(path, text);
        return path;
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // literals only: no lookup
    }

    @Test
    void withoutArgumentsRunsOnLoopbackWithTheDocumentedDefaults() throws Exception {
        SidecarConfig c = load();

        assertEquals(List.of(new MediaInterface("default", ip("127.0.0.1"), ip("127.0.0.1"))), c.interfaces());
        assertEquals(List.of(new InetSocketAddress(ip("127.0.0.1"), 2223)), c.ngListen());
        assertEquals(new InetSocketAddress(ip("127.0.0.1"), 2225), c.httpListen());
        assertTrue(c.httpListen().getAddress().isLoopbackAddress());
        assertEquals(30000, c.portMin());
        assertEquals(40000, c.portMax());
        assertEquals(Duration.ofSeconds(60), c.mediaTimeout());
        assertEquals(Duration.ofSeconds(3600), c.silentTimeout());
        assertEquals(Duration.ZERO, c.finalTimeout());
        assertEquals(Duration.ZERO, c.deleteDelay());
        assertEquals(Level.INFO, c.logLevel());
        assertFalse(c.foreground());
        assertEquals(Optional.empty(), c.pidFile());
        assertEquals(6, c.mediaLoops(), "num-threads 0 means one loop per processor");
        assertEquals(SidecarConfig.UNLIMITED_SESSIONS, c.maxSessions());
        assertEquals(Optional.empty(), c.configFile());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void publicLoadUsesTheMachinesProcessorCount() throws Exception {
        assertEquals(Runtime.getRuntime().availableProcessors(), SidecarConfig.load(new String[0]).mediaLoops());
    }

    @Test
    void configFileOverridesDefaultsKeyByKey() throws Exception {
        Path f = file("[rtpengine]\nport-min = 31000\ntimeout = 20\nlog-level = debug\n");

        SidecarConfig c = load("--config-file=" + f);

        assertEquals(31000, c.portMin());
        assertEquals(40000, c.portMax(), "keys the file does not name keep their default");
        assertEquals(Duration.ofSeconds(20), c.mediaTimeout());
        assertEquals(Level.FINEST, c.logLevel());
        assertEquals(Optional.of(f), c.configFile());
        assertEquals("rtpengine", c.configSection());
    }

    @Test
    void commandLineOverridesTheFile() throws Exception {
        Path f = file("[rtpengine]\nport-min = 31000\nport-max = 32000\n"
                + "interface = a/10.0.0.1;b/10.0.0.2\n");

        SidecarConfig c = load("--config=" + f, "--port-max=33000", "--interface=c/10.0.0.3");

        assertEquals(31000, c.portMin(), "from the file");
        assertEquals(33000, c.portMax(), "from the command line");
        assertEquals(List.of(new MediaInterface("c", ip("10.0.0.3"), ip("10.0.0.3"))), c.interfaces(),
                "a repeatable option on the command line replaces the file's whole list");
    }

    @Test
    void fileListsValuesWithSemicolonsOrRepeatedLines() throws Exception {
        Path f = file("[rtpengine]\ninterface = a/10.0.0.1; b/10.0.0.2;\ninterface = c/10.0.0.3\n"
                + "listen-ng = 127.0.0.1:2223;[::1]:2223\n");

        SidecarConfig c = load("--config-file", f.toString());

        assertEquals(List.of("a", "b", "c"), c.interfaces().stream().map(MediaInterface::name).toList());
        assertEquals(List.of(new InetSocketAddress(ip("127.0.0.1"), 2223), new InetSocketAddress(ip("::1"), 2223)),
                c.ngListen());
    }

    @Test
    void fileCommentsBlankLinesAndOtherSectionsAreSkipped() throws Exception {
        Path f = file("# a comment\n; another\n\n[rtpengine-testing]\ntable = -1\nbogus-key = 1\n"
                + "[rtpengine]\n  # indented comment\ntimeout = 5\n");

        SidecarConfig c = load("--config-file=" + f);

        assertEquals(Duration.ofSeconds(5), c.mediaTimeout());
        assertEquals(List.of(), c.warnings(), "keys of sections not read are not looked at");
    }

    @Test
    void configSectionSelectsAnotherSection() throws Exception {
        Path f = file("[rtpengine]\ntimeout = 5\n[rtpengine-testing]\ntimeout = 7\n");

        SidecarConfig c = load("--config-file=" + f, "--config-section=rtpengine-testing");

        assertEquals(Duration.ofSeconds(7), c.mediaTimeout());
        assertEquals("rtpengine-testing", c.configSection());
    }

    @Test
    void sidecarSectionIsReadWhenThereIsNoRtpengineSection() throws Exception {
        Path f = file("[sidecar]\ntimeout = 9\n");

        SidecarConfig c = load("--config-file=" + f);

        assertEquals(Duration.ofSeconds(9), c.mediaTimeout());
        assertEquals("sidecar", c.configSection());
    }

    @Test
    void configFileNoneReadsNoFile() throws Exception {
        SidecarConfig c = load("--config-file=none", "--timeout=5");

        assertEquals(Optional.empty(), c.configFile());
        assertEquals(Duration.ofSeconds(5), c.mediaTimeout());
    }

    @Test
    void rtpengineStartLineParsesAndWarnsAboutWhatItIgnores() throws Exception {
        SidecarConfig c = load("--interface=internal/127.0.0.1!203.0.113.5", "--listen-ng=127.0.0.1:2223",
                "--port-min=30000", "--port-max=30100", "--timeout=30", "--log-level=6", "--foreground",
                "--table=-1", "--no-fallback", "--pidfile=/tmp/x.pid");

        assertEquals(List.of(new MediaInterface("internal", ip("127.0.0.1"), ip("203.0.113.5"))), c.interfaces());
        assertTrue(c.interfaces().get(0).isAdvertisedElsewhere());
        assertEquals(List.of(new InetSocketAddress(ip("127.0.0.1"), 2223)), c.ngListen());
        assertEquals(30000, c.portMin());
        assertEquals(30100, c.portMax());
        assertEquals(Duration.ofSeconds(30), c.mediaTimeout());
        assertEquals(Level.INFO, c.logLevel());
        assertTrue(c.foreground());
        assertEquals(Optional.of(Path.of("/tmp/x.pid")), c.pidFile());
        assertEquals(List.of(
                "table: ignored, media is relayed in user space, there is no kernel forwarding (command line)",
                "no-fallback: ignored, media is relayed in user space, there is no kernel forwarding (command line)"),
                c.warnings());
    }

    @Test
    void rtpengineShortOptionsWork() throws Exception {
        SidecarConfig c = load("-i", "10.0.0.1", "-n", "127.0.0.1:2300", "-m", "31000", "-M", "31100",
                "-o", "15", "-L", "7", "-f", "-F", "-t", "-1", "-E");

        assertEquals(ip("10.0.0.1"), c.interfaces().get(0).local());
        assertEquals(2300, c.ngListen().get(0).getPort());
        assertEquals(31000, c.portMin());
        assertEquals(31100, c.portMax());
        assertEquals(Duration.ofSeconds(15), c.mediaTimeout());
        assertEquals(Level.FINEST, c.logLevel());
        assertTrue(c.foreground());
        assertEquals(3, c.warnings().size(), c.warnings().toString());
    }

    @Test
    void rtpenginesShippedConfigFileLoads() throws Exception {
        // The keys and values of sipwise/rtpengine etc/rtpengine.conf, minus "interface = any".
        Path f = file("[rtpengine]\n\ntable = 0\n# no-fallback = false\ninterface = 10.15.20.121\n"
                + "listen-ng = localhost:2223\nlisten-http = localhost:2225\nlisten-cli = localhost:2224\n"
                + "timeout = 60\nsilent-timeout = 3600\ntos = 184\nport-min = 30000\nport-max = 40000\n"
                + "recording-dir = /var/spool/rtpengine\nrecording-method = proc\n"
                + "[rtpengine-testing]\ntable = -1\ninterface = 10.15.20.121\nlisten-ng = 2223\n"
                + "foreground = true\nlog-stderr = true\nlog-level = 7\n");

        SidecarConfig c = load("--config-file=" + f);

        assertEquals(List.of(new InetSocketAddress(ip("127.0.0.1"), 2223)), c.ngListen());
        assertEquals(List.of("table", "listen-cli", "tos", "recording-dir", "recording-method"),
                c.warnings().stream().map(w -> w.substring(0, w.indexOf(':'))).toList());
        assertTrue(c.warnings().get(0).endsWith("(config file " + f + " line 3)"), c.warnings().get(0));
    }

    @Test
    void falseIgnoredFlagInTheFileIsNoWarning() throws Exception {
        Path f = file("[rtpengine]\nno-fallback = false\nforeground = false\n");

        SidecarConfig c = load("--config-file=" + f);

        assertEquals(List.of(), c.warnings());
        assertFalse(c.foreground());
    }

    @Test
    void ipv6FormsParse() throws Exception {
        SidecarConfig c = load("--interface=2001:db8::5", "--interface=pub/2001:db8::6!2001:db8:ffff::6",
                "--interface=[2001:db8::7]", "--listen-ng=[::1]:2223", "--listen-ng=[2001:db8::1]:3000",
                "--listen-http=[::1]:2225");

        assertEquals(List.of(
                new MediaInterface("default", ip("2001:db8::5"), ip("2001:db8::5")),
                new MediaInterface("pub", ip("2001:db8::6"), ip("2001:db8:ffff::6")),
                new MediaInterface("default", ip("2001:db8::7"), ip("2001:db8::7"))), c.interfaces());
        assertEquals(List.of(new InetSocketAddress(ip("::1"), 2223), new InetSocketAddress(ip("2001:db8::1"), 3000)),
                c.ngListen());
        assertEquals(new InetSocketAddress(ip("::1"), 2225), c.httpListen());
    }

    @Test
    void oneLogicalInterfaceMayHoldAnIpv4AndAnIpv6Address() throws Exception {
        SidecarConfig c = load("--interface=pub/192.0.2.1", "--interface=pub/2001:db8::1");

        assertEquals(List.of("pub", "pub"), c.interfaces().stream().map(MediaInterface::name).toList());
    }

    @Test
    void barePortListensOnAllInterfacesAndSaysSo() throws Exception {
        SidecarConfig c = load("--listen-ng=2223");

        assertTrue(c.ngListen().get(0).getAddress().isAnyLocalAddress());
        assertEquals(2223, c.ngListen().get(0).getPort());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("listen-ng: \"2223\" listens on all interfaces"),
                c.warnings().get(0));
    }

    @Test
    void oddPortMinIsRoundedUpToEven() throws Exception {
        SidecarConfig c = load("--port-min=30001", "--port-max=30010");

        assertEquals(30002, c.portMin());
        assertEquals(List.of("port-min: 30001 rounded up to 30002, RTP takes even ports (command line)"),
                c.warnings());
    }

    @Test
    void smallestRangeHoldsFourPorts() throws Exception {
        SidecarConfig c = load("--port-min=30000", "--port-max=30003");

        assertEquals(30000, c.portMin());
        assertEquals(30003, c.portMax());
    }

    @Test
    void lastValueWinsForASingleValuedOptionGivenTwice() throws Exception {
        assertEquals(Duration.ofSeconds(2), load("--timeout=1", "--timeout=2").mediaTimeout());
    }

    @Test
    void logLevelTakesSyslogNumbersAndNames() throws Exception {
        String[][] cases = {
            {"0", "SEVERE"}, {"3", "SEVERE"}, {"err", "SEVERE"}, {"error", "SEVERE"}, {"4", "WARNING"},
            {"warn", "WARNING"}, {"WARNING", "WARNING"}, {"5", "INFO"}, {"notice", "INFO"}, {"info", "INFO"},
            {"7", "FINEST"}, {"debug", "FINEST"}, {"emerg", "SEVERE"}, {"crit", "SEVERE"}, {"alert", "SEVERE"},
        };
        for (String[] c : cases) {
            assertEquals(Level.parse(c[1]), load("--log-level=" + c[0]).logLevel(), c[0]);
        }
    }

    @Test
    void timeoutZeroDisablesAndMaxSessionsZeroDrains() throws Exception {
        SidecarConfig c = load("--timeout=0", "--max-sessions=0", "--num-threads=3", "--delete-delay=30",
                "--final-timeout=10800", "--silent-timeout=0");

        assertEquals(Duration.ZERO, c.mediaTimeout());
        assertEquals(0, c.maxSessions());
        assertEquals(3, c.mediaLoops());
        assertEquals(Duration.ofSeconds(30), c.deleteDelay());
        assertEquals(Duration.ofSeconds(10800), c.finalTimeout());
        assertEquals(Duration.ZERO, c.silentTimeout());
    }

    @Test
    void configSectionWithoutAFileIsAWarning() throws Exception {
        SidecarConfig c = load("--config-section=sidecar");

        assertEquals(List.of("config-section: ignored, no config file is read (command line)"), c.warnings());
    }

    @Test
    void helpIsTextToPrintAndExitZero() throws Exception {
        Startup startup = SidecarConfig.parse(new String[] {"--help"});

        Startup.PrintAndExit print = assertInstanceOf(Startup.PrintAndExit.class, startup);
        assertEquals(0, print.exitStatus());
        assertTrue(print.text().contains("--interface=[NAME/]IP[!ADVERTISED]"), print.text());
        String flat = print.text().replaceAll("\\s+", " ");
        assertTrue(flat.contains("Default: 127.0.0.1:2223."), "defaults come from the defaults file");
        assertTrue(flat.contains("always runs in the foreground"), "says --foreground changes nothing");
        assertTrue(flat.contains("--no-fallback"), "lists the ignored rtpengine options");
    }

    @Test
    void helpWinsOverBadValuesAndVersionPrintsTheName() throws Exception {
        assertInstanceOf(Startup.PrintAndExit.class, SidecarConfig.parse(new String[] {"--port-min=x", "-h"}));
        Startup.PrintAndExit v = assertInstanceOf(Startup.PrintAndExit.class,
                SidecarConfig.parse(new String[] {"--version"}));
        assertEquals(0, v.exitStatus());
        assertTrue(v.text().startsWith("media-sidecar "), v.text());
    }

    @Test
    void loadRefusesHelpBecauseThereIsNoConfigToReturn() {
        ConfigException e = assertThrows(ConfigException.class, () -> SidecarConfig.load(new String[] {"--help"}));
        assertTrue(e.getMessage().contains("--help"), e.getMessage());
    }

    @Test
    void configIsImmutable() throws Exception {
        SidecarConfig c = load("--table=1");

        assertThrows(UnsupportedOperationException.class, () -> c.interfaces().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.ngListen().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.warnings().clear());
    }
}
