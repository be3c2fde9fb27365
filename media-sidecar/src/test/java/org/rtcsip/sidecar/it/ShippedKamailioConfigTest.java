package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.process.ShortCommand;
import org.rtcsip.testbed.repo.Repository;

/** conf-samples/kamailio/kamailio.cfg as Kamailio's own checker (kamailio -c) sees it. */
class ShippedKamailioConfigTest {

    @Test
    void parsesWithItsDefaultsListeningOnLoopback() throws Exception {
        String output = check();
        assertTrue(output.contains("config file ok"), output);
        assertTrue(output.contains("udp: 127.0.0.1 [127.0.0.1]:5060"), output);
        assertTrue(output.contains("tcp: 127.0.0.1 [127.0.0.1]:8080"), output);
        assertTrue(output.contains("tcp: 127.0.0.1 [127.0.0.1]:5071"), output);
        // WITH_TLS is on by default: SIP over TLS for trunks, WSS for browsers
        assertTrue(output.contains("tls: 127.0.0.1 [127.0.0.1]:5061"), output);
        assertTrue(output.contains("tls: 127.0.0.1 [127.0.0.1]:8443"), output);
    }

    @Test
    void takesItsPortsFromCommandLineDefines() throws Exception {
        String output = check("-A", "SIP_PORT=25999", "-A", "WS_PORT=25998", "-A", "RPC_PORT=25997",
                "-A", "SIDECAR_NG=\"udp:127.0.0.1:25996\"", "-A", "SIPS_PORT=25995", "-A", "WSS_PORT=25994");
        assertTrue(output.contains("config file ok"), output);
        assertTrue(output.contains("udp: 127.0.0.1 [127.0.0.1]:25999"), output);
        assertTrue(output.contains("tcp: 127.0.0.1 [127.0.0.1]:25998"), output);
        assertTrue(output.contains("tcp: 127.0.0.1 [127.0.0.1]:25997"), output);
        assertTrue(output.contains("tls: 127.0.0.1 [127.0.0.1]:25995"), output);
        assertTrue(output.contains("tls: 127.0.0.1 [127.0.0.1]:25994"), output);
    }

    @Test
    void thePlainEdgeHasNoTlsListenerAndEachFeatureSwitchesOffAlone() throws Exception {
        String plain = check("-A", "WITHOUT_TLS", "-A", "WITHOUT_AUTH", "-A", "WITHOUT_TOPOH");
        assertTrue(plain.contains("config file ok"), plain);
        assertFalse(plain.contains("tls: "), plain);
        for (String without : List.of("WITHOUT_TLS", "WITHOUT_AUTH", "WITHOUT_TOPOH")) {
            String output = check("-A", without);
            assertTrue(output.contains("config file ok"), () -> without + ":\n" + output);
        }
        String signing = check("-A", "WITH_STIR");
        assertTrue(signing.contains("config file ok"), signing);
    }

    @Test
    void refusesAnUnquotedSidecarUrlInsteadOfGuessing() throws Exception {
        String output = check("-A", "SIDECAR_NG=udp:127.0.0.1:2223");
        assertTrue(output.contains("bad config file"), output);
    }

    private static String check(String... defines) {
        List<String> command = new ArrayList<>(List.of(Programs.kamailio().toString(), "-c",
                "-f", Repository.kamailioConfig().toString()));
        command.addAll(List.of(defines));
        ShortCommand.Output output = ShortCommand.run(command, Duration.ofSeconds(20));
        assertTrue(output.exitCode() != -1, "kamailio -c did not finish");
        String text = output.text();
        if (text.contains("config file ok")) {
            assertEquals(0, output.exitCode(), text);
        }
        return text;
    }
}
