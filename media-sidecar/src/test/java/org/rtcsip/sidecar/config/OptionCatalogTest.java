package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.rtcsip.sidecar.config.OptionCatalog.OptionDef;
import org.rtcsip.sidecar.config.OptionCatalog.Use;

class OptionCatalogTest {

    @Test
    void rtpengineOptionsWithoutMeaningHereAreIgnoredNotUnknown() throws Exception {
        List<String> startLine = List.of("--table=0", "--no-fallback", "--log-facility=local5", "--log-stderr",
                "--tos=184", "--recording-dir=/var/spool/rtpengine", "--recording-method=proc",
                "--recording-format=raw", "--redis=127.0.0.1:6379/5", "--redis-write=127.0.0.1:6379/6",
                "--redis-num-threads=8", "--redis-expires=86400", "--listen-cli=127.0.0.1:2224",
                "--listen-tcp=25060", "--listen-udp=12222", "--graphite=127.0.0.1:9006", "--graphite-interval=60",
                "--graphite-prefix=foo.", "--dtls-passive", "--no-log-timestamps");

        SidecarConfig c = SidecarConfig.load(startLine.toArray(String[]::new));

        Set<String> given = new HashSet<>();
        for (String arg : startLine) {
            given.add(arg.substring(2).split("=")[0]);
        }
        Set<String> warned = new HashSet<>();
        for (String warning : c.warnings()) {
            assertTrue(warning.contains(": ignored, ") && warning.endsWith(" (command line)"), warning);
            warned.add(warning.substring(0, warning.indexOf(':')));
        }
        assertEquals(given, warned);
        assertEquals(startLine.size(), c.warnings().size(), "one warning per ignored option");
    }

    @Test
    void shortNamesAreUniqueAndEveryOptionHasAnExplanation() {
        Set<Character> shortNames = new HashSet<>();
        for (OptionDef def : OptionCatalog.all()) {
            if (def.shortName() != 0) {
                assertTrue(shortNames.add(def.shortName()), "-" + def.shortName() + " used twice");
            }
            assertTrue(!def.text().isBlank(), def.key());
            assertTrue(def.use() != Use.APPLIED || SidecarConfig.embeddedDefaults().containsKey(def.key())
                    || Set.of("foreground", "pidfile", "dtls-cert", "dtls-key", "ops-token", "ops-token-file")
                            .contains(def.key()),
                    def.key() + " has no built-in default");
        }
    }

    @Test
    void suggestionsFindNearbyKeysOnly() {
        assertEquals("; did you mean port-max?", Suggestion.forKey("port-mak"));
        assertEquals("; did you mean interface?", Suggestion.forKey("interfaces"));
        assertEquals("", Suggestion.forKey("completely-different"));
        assertEquals(1, Suggestion.distance("timeout", "timeouts"));
        assertEquals(0, Suggestion.distance("tos", "tos"));
    }
}
