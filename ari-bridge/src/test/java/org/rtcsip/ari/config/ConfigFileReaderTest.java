package org.rtcsip.ari.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigFileReaderTest {

    private static Path shipped() {
        String root = System.getProperty("project.root", "..");
        return Path.of(root, "conf-samples/ari-bridge/ari-bridge.conf");
    }

    @Test
    void theShippedFileSaysWhatTheEmbeddedDefaultsSay() throws Exception {
        BridgeConfig file = ConfigFileReader.read(shipped());
        BridgeConfig defaults = BridgeConfig.defaults();
        assertEquals(defaults, file, "conf-samples/ari-bridge/ari-bridge.conf documents the defaults");
        assertEquals("ws://127.0.0.1:8088/media", file.mediaUrl().toString());
        assertEquals(List.of("ulaw", "alaw"), file.routeFor("PJSIP/0301234567@trunk").codecs());
        assertEquals(List.of("opus"), file.routeFor("PJSIP/webrtc").codecs());
        assertEquals(null, file.routeFor("Local/1@x"));
    }

    @Test
    void keysOverrideDefaultsAndRoutesReplaceThem() throws Exception {
        BridgeConfig c = ConfigFileReader.parse("""
                # comment
                [ari-bridge]
                ari-url = http://10.0.0.5:8088
                sidecar-ng = [::1]:2223
                dial-timeout = 45
                log-level = debug
                [route pbx]
                dial = SIP/*
                codecs = alaw
                """, "test");
        assertEquals("http://10.0.0.5:8088", c.ariUrl().toString());
        assertEquals("ws://10.0.0.5:8088/media", c.mediaUrl().toString(), "media-url auto follows ari-url");
        assertEquals(2223, c.sidecarNg().getPort());
        assertEquals(Duration.ofSeconds(45), c.dialTimeout());
        assertEquals(1, c.routes().size());
        assertEquals(List.of("alaw"), c.routeFor("sip/x").codecs(), "the glob ignores case");
    }

    @Test
    void badValuesNameTheLineAndTheKey() {
        assertMessage("[ari-bridge]\nlisten-agi = localhost:4573\n",
                "test line 2: listen-agi = localhost:4573: \"localhost\" is not an IP address");
        assertMessage("[ari-bridge]\ndial-timeout = 0\n", "test line 2: dial-timeout = 0: must be 1 to 3600 seconds");
        assertMessage("[ari-bridge]\nari-url = ws://x:1\n",
                "test line 2: ari-url = ws://x:1: expected http://HOST:PORT (Asterisk's http.conf bindaddr and"
                        + " bindport)");
        assertMessage("[ari-bridge]\nport = 1\n", "test line 2: unknown key \"port\" in [ari-bridge]");
        assertMessage("[ari-bridge]\napp = a\napp = b\n", "test line 3: app given twice in [ari-bridge]");
        assertMessage("[rtpengine]\n", "test line 1: unknown section [rtpengine]");
        assertMessage("[route x]\ndial = PJSIP/*\n", "test line 1: [route x] needs both dial and codecs");
        assertMessage("[route x]\ndial = PJSIP/*\ncodecs = g711\n", "test line 3: codecs = g711: \"g711\" is not an"
                + " Asterisk format name");
        assertMessage("[ari-bridge]\nsidecar-ng = 127.0.0.1:70000\n", "port 70000 is outside 1-65535");
        assertMessage("app = x\n", "test line 1: app before any [section] header");
    }

    private static void assertMessage(String text, String expectedStart) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFileReader.parse(text, "test"));
        assertTrue(e.getMessage().startsWith(expectedStart) || e.getMessage().contains(expectedStart),
                e.getMessage());
    }
}
