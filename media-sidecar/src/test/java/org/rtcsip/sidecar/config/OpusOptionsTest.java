package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.config.ParsedOptions.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtcsip.sidecar.codec.OpusBackend;

/** --opus-backend, --opus-complexity and --opus-bitrate: defaults, spellings, and libopus that cannot load. */
class OpusOptionsTest {
    private static final Optional<String> MISSING = Optional.of("Unable to load library 'opus': libopus.so: cannot"
            + " open shared object file: No such file or directory");

    @TempDir
    Path dir;

    @Test
    void byDefaultLibopusIsUsedWhenItLoadsAndTheEncoderRunsAtComplexity5And24kbits() throws Exception {
        SidecarConfig c = load();
        assertEquals(OpusBackend.AUTO, c.opusBackend());
        assertEquals(5, c.opusComplexity());
        assertEquals(24000, c.opusBitrate());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void eachBackendIsSpelledAsTheOptionHelpSaysInAnyCase() throws Exception {
        assertEquals(OpusBackend.CONCENTUS, load("--opus-backend=concentus").opusBackend());
        assertEquals(OpusBackend.LIBOPUS, load("--opus-backend=LibOpus").opusBackend());
        assertEquals(OpusBackend.AUTO, load("--opus-backend", "auto").opusBackend());
        SidecarConfig c = load("--opus-complexity=10", "--opus-bitrate=6000");
        assertEquals(10, c.opusComplexity());
        assertEquals(6000, c.opusBitrate());
    }

    @Test
    void theFileSetsThemAndTheCommandLineOverrides() throws Exception {
        Path f = dir.resolve("sidecar.conf");
        Files.writeString(f, "[sidecar]\nopus-backend = concentus\nopus-complexity = 0\nopus-bitrate = 510000\n");
        SidecarConfig c = load("--config-file=" + f, "--opus-complexity=3");
        assertEquals(OpusBackend.CONCENTUS, c.opusBackend());
        assertEquals(3, c.opusComplexity());
        assertEquals(510000, c.opusBitrate());
    }

    @Test
    void libopusThatCannotLoadStopsStartUpNamingTheReasonAndTheFix() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SidecarConfig.parse(new String[] {"--opus-backend=libopus"}, 2, () -> MISSING));
        assertEquals("opus-backend: libopus cannot be loaded (Unable to load library 'opus': libopus.so: cannot open"
                + " shared object file: No such file or directory); install it (Debian/Ubuntu: apt-get install"
                + " libopus0), or set opus-backend = auto to fall back to Concentus (command line)", e.getMessage());
    }

    @Test
    void libopusInTheFileThatCannotLoadNamesTheLine() throws IOException {
        Path f = dir.resolve("sidecar.conf");
        Files.writeString(f, "[sidecar]\n\nopus-backend = libopus\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> SidecarConfig.parse(new String[] {"--config-file=" + f}, 2, () -> MISSING));
        assertTrue(e.getMessage().startsWith("opus-backend: libopus cannot be loaded (Unable to load library"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(" (config file " + f + " line 3)"), e.getMessage());
    }

    @Test
    void autoAndConcentusStartWithoutLibopus() throws Exception {
        for (String backend : new String[] {"auto", "concentus"}) {
            Startup s = SidecarConfig.parse(new String[] {"--opus-backend=" + backend}, 2, () -> {
                throw new AssertionError("only opus-backend = libopus asks whether libopus loads");
            });
            assertEquals(OpusBackend.parse(backend), assertInstanceOf(Startup.Run.class, s).config().opusBackend());
        }
    }
}
