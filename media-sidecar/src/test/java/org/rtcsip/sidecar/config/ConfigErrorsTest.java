package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad value stops start-up with a message naming the key, the value and where it was written. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    private static String failure(String... args) {
        return assertThrows(ConfigException.class, () -> SidecarConfig.parse(args, 4)).getMessage();
    }

    private Path file(String text) throws IOException {
        Path path = dir.resolve("x.conf");
        Files.writeString(path, text);
        return path;
    }

    /** key, bad value, the reason the message gives. */
    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("interface", "1.2.3.999", "is not an IP address"),
                Arguments.of("interface", "1.2.3", "is not an IP address"),
                Arguments.of("interface", "01.2.3.4", "is not an IP address"),
                Arguments.of("interface", "eth0", "is not an IP address (interface names, host names and 'any'"
                        + " are not supported here; give the address)"),
                Arguments.of("interface", "any", "is not an IP address (interface names, host names and 'any'"
                        + " are not supported here; give the address)"),
                Arguments.of("interface", "2001:db8::g", "is not an IP address"),
                Arguments.of("interface", "/10.0.0.1", "has an empty interface name before '/'"),
                Arguments.of("interface", "in ternal/10.0.0.1", "has an interface name with ' '; use letters,"
                        + " digits and - _ . :"),
                Arguments.of("interface", "10.0.0.1!", "is not an IP address"),
                Arguments.of("interface", "10.0.0.1!2.2.2.2!3.3.3.3", "has more than one '!'; the form is"
                        + " NAME/LOCAL!ADVERTISED"),
                Arguments.of("interface", "0.0.0.0", "is the wildcard address; give the address peers send media"
                        + " to, or LOCAL!ADVERTISED"),
                Arguments.of("interface", "10.0.0.1!0.0.0.0", "advertises the wildcard address; SDP needs an"
                        + " address peers can reach"),
                Arguments.of("interface", "224.0.0.1", "is a multicast address; media is received on a unicast"
                        + " address"),
                Arguments.of("interface", "10.0.0.1!2001:db8::1", "mixes IPv4 and IPv6; the advertised address"
                        + " must have the local one's family"),
                Arguments.of("listen-ng", "127.0.0.1", "has no port; the form is [IP:]PORT"),
                Arguments.of("listen-ng", "127.0.0.1:70000", "has port 70000, above 65535"),
                Arguments.of("listen-ng", "127.0.0.1:x", "has no valid port (0-65535)"),
                Arguments.of("listen-ng", "::1:2223", "is ambiguous; write IPv6 addresses in brackets, as"
                        + " [::1]:2223"),
                Arguments.of("listen-ng", "[::1]2223", "is not [IPv6]:PORT"),
                Arguments.of("listen-ng", "kamailio.example:2223", "is not an IP address (interface names, host"
                        + " names and 'any' are not supported here; give the address)"),
                Arguments.of("listen-ng", "sipproxy", "has no port; the form is [IP:]PORT"),
                Arguments.of("listen-http", "1.2.3.999:80", "is not an IP address"),
                Arguments.of("listen-http", "127.0.0.1:2225;127.0.0.1:2226", "holds several addresses; this"
                        + " option takes one"),
                Arguments.of("port-min", "abc", "is not a number"),
                Arguments.of("port-min", "80", "is out of range, allowed 1024 to 65535"),
                Arguments.of("port-max", "65536", "is out of range, allowed 1024 to 65535"),
                Arguments.of("port-max", "3e4", "is not a number"),
                Arguments.of("port-max", "99999999999999", "is not a number"),
                Arguments.of("timeout", "-1", "is out of range, allowed 0 to 2147483647"),
                Arguments.of("timeout", "1.5", "is not a number"),
                Arguments.of("silent-timeout", "1h", "is not a number"),
                Arguments.of("final-timeout", "forever", "is not a number"),
                Arguments.of("delete-delay", "-30", "is out of range, allowed 0 to 2147483647"),
                Arguments.of("log-level", "8", "is not a log level (syslog 0-7 or emerg, alert, crit, error,"
                        + " warn, notice, info, debug)"),
                Arguments.of("log-level", "verbose", "is not a log level (syslog 0-7 or emerg, alert, crit,"
                        + " error, warn, notice, info, debug)"),
                Arguments.of("num-threads", "-2", "is out of range, allowed 0 to 1024"),
                Arguments.of("num-threads", "5000", "is out of range, allowed 0 to 1024"),
                Arguments.of("max-sessions", "-2", "is out of range, allowed -1 to 2147483647"),
                Arguments.of("max-sessions", "lots", "is not a number"),
                Arguments.of("pidfile", "", "is empty; give a file path"),
                Arguments.of("opus-backend", "native", "is not an Opus backend: auto, libopus or concentus"),
                Arguments.of("opus-backend", "", "is not an Opus backend: auto, libopus or concentus"),
                Arguments.of("opus-complexity", "11", "is out of range, allowed 0 to 10"),
                Arguments.of("opus-complexity", "-1", "is out of range, allowed 0 to 10"),
                Arguments.of("opus-complexity", "high", "is not a number"),
                Arguments.of("opus-bitrate", "5999", "is out of range, allowed 6000 to 510000"),
                Arguments.of("opus-bitrate", "510001", "is out of range, allowed 6000 to 510000"),
                Arguments.of("opus-bitrate", "24k", "is not a number"));
    }

    @ParameterizedTest(name = "--{0}={1}")
    @MethodSource("badValues")
    void badValueOnTheCommandLineNamesKeyValueAndCommandLine(String key, String value, String reason) {
        assertEquals(key + ": \"" + value + "\" " + reason + " (command line)", failure("--" + key + "=" + value));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void badValueInTheFileNamesKeyValueFileAndLine(String key, String value, String reason) throws IOException {
        Path f = file("# comment\n[rtpengine]\nforeground = false\n\n" + key + " = " + value + "\n");

        assertEquals(key + ": \"" + value + "\" " + reason + " (config file " + f + " line 5)",
                failure("--config-file=" + f));
    }

    @Test
    void portMinNotBelowPortMaxNamesBothOrigins() throws IOException {
        Path f = file("[rtpengine]\nport-max = 30000\n");

        assertEquals("port-min 31000 must be below port-max 30000 (port-min from command line, port-max from"
                + " config file " + f + " line 2)", failure("--config-file=" + f, "--port-min=31000"));
    }

    @Test
    void portRangeOfThreeIsTooSmall() {
        assertEquals("port-min 30000 to port-max 30002 holds 3 usable ports, at least 4 are needed (port-min"
                + " from command line, port-max from command line)", failure("--port-min=30000", "--port-max=30002"));
        assertEquals("port-min 30001 to port-max 30004 holds 3 usable ports, at least 4 are needed (port-min"
                + " from command line, port-max from command line)", failure("--port-min=30001", "--port-max=30004"),
                "counted after rounding port-min up to even");
    }

    @Test
    void unknownOptionIsAnErrorWithASuggestion() {
        assertEquals("unknown option --port-mix; did you mean --port-min? (command line)",
                failure("--port-mix=3"));
        assertEquals("unknown option --frobnicate (command line)", failure("--frobnicate"));
        assertEquals("unknown option -z (command line)", failure("-z"));
    }

    @Test
    void strayArgumentIsAnError() {
        assertEquals("unexpected argument \"30000\"; options start with --, as --port-min=30000 (command line)",
                failure("30000"));
    }

    @Test
    void optionWithoutItsValueIsAnError() {
        assertEquals("port-min: needs a value (command line)", failure("--port-min"));
    }

    @Test
    void unknownKeyInTheFileIsAnErrorNamingIt() throws IOException {
        Path f = file("[rtpengine]\ntimeout = 10\nport-mni = 30000\n");

        assertEquals("unknown key \"port-mni\" in [rtpengine]; did you mean port-min? (config file " + f
                + " line 3)", failure("--config-file=" + f));
    }

    @Test
    void missingConfigFileNamesThePath() {
        Path missing = dir.resolve("nope.conf");

        assertEquals("config-file: \"" + missing + "\" does not exist (command line)",
                failure("--config-file=" + missing));
    }

    @Test
    void directoryAsConfigFileIsRefused() {
        assertEquals("config-file: \"" + dir + "\" is a directory, not a config file (command line)",
                failure("--config-file=" + dir));
    }

    @Test
    void nonUtf8ConfigFileIsRefused() throws IOException {
        Path f = dir.resolve("latin1.conf");
        Files.write(f, new byte[] {'[', 's', 'i', 'd', 'e', 'c', 'a', 'r', ']', '\n', '#', (byte) 0xE9, '\n'});

        assertEquals("config-file: \"" + f + "\" is not UTF-8 text (command line)", failure("--config-file=" + f));
    }

    @Test
    void keyGivenTwiceInTheFileIsAnError() throws IOException {
        Path f = file("[rtpengine]\nport-min = 30000\nport-min = 31000\n");

        assertEquals("port-min: given twice in [rtpengine], first at config file " + f + " line 2 (config file "
                + f + " line 3)", failure("--config-file=" + f));
    }

    @Test
    void flagInTheFileTakesTrueOrFalse() throws IOException {
        Path f = file("[rtpengine]\nforeground = maybe\n");

        assertEquals("foreground: \"maybe\" is not true or false (config file " + f + " line 2)",
                failure("--config-file=" + f));
    }

    @Test
    void inlineCommentIsPartOfTheValueAndFails() throws IOException {
        Path f = file("[rtpengine]\nport-min = 30000 # low end\n");

        assertEquals("port-min: \"30000 # low end\" is not a number (config file " + f + " line 2)",
                failure("--config-file=" + f));
    }

    @Test
    void emptyListIsAnError() throws IOException {
        Path f = file("[rtpengine]\ninterface = ;\n");

        assertEquals("interface: needs at least one value (config file " + f + " line 2)",
                failure("--config-file=" + f));
    }

    @Test
    void commandLineOnlyKeysAreRefusedInTheFile() throws IOException {
        Path f = file("[rtpengine]\nconfig-file = /etc/other.conf\n");

        assertEquals("config-file: can only be given on the command line (config file " + f + " line 2)",
                failure("--config-file=" + f));
    }

    @Test
    void fileWithBothSectionsNeedsAnExplicitChoice() throws IOException {
        Path f = file("[rtpengine]\ntimeout = 1\n[sidecar]\ntimeout = 2\n");

        assertEquals("config file " + f + " has both [rtpengine] and [sidecar] sections; choose one with"
                + " --config-section", failure("--config-file=" + f));
    }

    @Test
    void fileWithoutAUsableSectionIsRefused() throws IOException {
        Path f = file("[general]\ntimeout = 1\n");

        assertEquals("config file " + f + " has no [rtpengine] or [sidecar] section (it has [general])",
                failure("--config-file=" + f));
        assertEquals("config-section: [media] is not in config file " + f + " (it has [general]) (command line)",
                failure("--config-file=" + f, "--config-section=media"));
    }

    @Test
    void rejectedOptionsSayWhy() throws IOException {
        assertEquals("interfaces-config: not supported: interface sections are not supported; list them as"
                + " interface = NAME/IP;NAME/IP (command line)", failure("--interfaces-config=interface"));
        Path f = file("[rtpengine]\nnftables-start = true\n");
        assertEquals("nftables-start: not supported: there is no kernel forwarding to set up (config file " + f
                + " line 2)", failure("--config-file=" + f));
    }

    @Test
    void repeatedInterfaceIsAnError() {
        assertEquals("interface: \"a/10.0.0.1\" repeats an interface given before (command line)",
                failure("--interface=a/10.0.0.1", "--interface=a/10.0.0.1"));
    }

    @Test
    void errorsAreCheckedExceptionsSoMainMustHandleThem() {
        assertTrue(Exception.class.isAssignableFrom(ConfigException.class)
                && !RuntimeException.class.isAssignableFrom(ConfigException.class));
    }
}
