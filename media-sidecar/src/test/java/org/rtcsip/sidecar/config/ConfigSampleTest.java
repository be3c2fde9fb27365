package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** conf-samples/sidecar/sidecar.conf is what operators copy: it must load and say what the defaults say. */
class ConfigSampleTest {

    private static Path sample() {
        String root = System.getProperty("project.root");
        Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("conf-samples/sidecar/sidecar.conf");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("conf-samples/sidecar/sidecar.conf not found above " + start);
    }

    @Test
    void sampleSetsEveryDefaultToTheSameValue() throws Exception {
        IniFile file = IniFile.parse(Files.readString(sample()), "config file " + sample());
        Map<String, String> sampleValues = texts(FileSettings.read(file, FileSettings.chooseSection(file,
                Optional.empty())));
        Map<String, String> defaults = texts(SidecarConfig.embeddedDefaults());

        assertEquals(defaults, sampleValues);
    }

    @Test
    void sampleLoadsIntoTheDefaultConfiguration() throws Exception {
        SidecarConfig fromSample = SidecarConfig.load(new String[] {"--config-file=" + sample()});
        SidecarConfig defaults = SidecarConfig.load(new String[0]);

        assertEquals(Optional.of(sample()), fromSample.configFile());
        assertEquals("sidecar", fromSample.configSection());
        assertTrue(fromSample.warnings().isEmpty(), fromSample.warnings().toString());
        assertEquals(new SidecarConfig(defaults.interfaces(), defaults.ngListen(), defaults.ngAllow(),
                defaults.ngSocketBuffer(), defaults.httpListen(), defaults.opsToken(),
                defaults.portMin(), defaults.portMax(), defaults.mediaTimeout(), defaults.silentTimeout(),
                defaults.finalTimeout(), defaults.deleteDelay(), defaults.logLevel(), defaults.foreground(),
                defaults.pidFile(), defaults.mediaLoops(), defaults.maxSessions(), defaults.callLimits(),
                defaults.drainTimeout(),
                defaults.kamailioRpc(), defaults.kamailioNgUrl(), defaults.kamailioPollInterval(), defaults.opusBackend(),
                defaults.opusComplexity(), defaults.opusBitrate(), defaults.mediaTransport(), defaults.codecWarmup(),
                defaults.dtlsFiles(), defaults.ice(), fromSample.configFile(),
                fromSample.configSection(), defaults.warnings()), fromSample);
    }

    private static Map<String, String> texts(Map<String, RawSetting> settings) {
        Map<String, String> texts = new LinkedHashMap<>();
        settings.forEach((key, s) -> texts.put(key, String.join(";",
                s.values().stream().map(RawSetting.Value::text).toList())));
        return texts;
    }
}
