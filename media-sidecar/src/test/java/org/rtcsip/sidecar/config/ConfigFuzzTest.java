package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random start lines and files either load or fail with a ConfigException that has a message. */
class ConfigFuzzTest {

    private static final String[] VALUES = {"", "0", "-1", "1", "30000", "40000", "65535", "99999", "abc",
        "127.0.0.1", "127.0.0.1:2223", "[::1]:2223", "::1", "a/10.0.0.1!203.0.113.5", "true", "false", "none",
        "debug", "7", "1.2.3.999", ";", "a;b", "/tmp/x.pid", "x y", "%s", "\u00e9"};

    @TempDir
    Path dir;

    @Test
    void randomStartLinesNeverThrowUnexpectedly() {
        List<String> names = new ArrayList<>();
        for (OptionCatalog.OptionDef def : OptionCatalog.all()) {
            names.add("--" + def.key());
        }
        names.add("--bogus");
        names.add("-x");
        Random random = new Random(11L);
        for (int i = 0; i < 400; i++) {
            List<String> args = new ArrayList<>();
            int count = random.nextInt(6);
            for (int j = 0; j < count; j++) {
                String name = names.get(random.nextInt(names.size()));
                String value = VALUES[random.nextInt(VALUES.length)];
                switch (random.nextInt(3)) {
                    case 0 -> args.add(name + "=" + value);
                    case 1 -> {
                        args.add(name);
                        args.add(value);
                    }
                    default -> args.add(name);
                }
            }
            if (args.contains("--config-file") || args.stream().anyMatch(a -> a.startsWith("--config"))) {
                continue; // files are fuzzed below; "none" and missing paths are covered by ConfigErrorsTest
            }
            check(args.toArray(String[]::new));
        }
    }

    @Test
    void randomConfigFilesNeverThrowUnexpectedly() throws Exception {
        List<String> keys = new ArrayList<>();
        for (OptionCatalog.OptionDef def : OptionCatalog.all()) {
            keys.add(def.key());
        }
        keys.add("unknown-key");
        String[] junk = {"[rtpengine]", "[sidecar]", "[", "]", "# c", "; c", "", "=", "key", "[x]y"};
        Random random = new Random(12L);
        Path f = dir.resolve("fuzz.conf");
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "" : "[rtpengine]\n");
            int lines = random.nextInt(8);
            for (int j = 0; j < lines; j++) {
                if (random.nextInt(5) == 0) {
                    text.append(junk[random.nextInt(junk.length)]);
                } else {
                    text.append(keys.get(random.nextInt(keys.size()))).append(" = ")
                            .append(VALUES[random.nextInt(VALUES.length)]);
                }
                text.append(random.nextBoolean() ? "\n" : "\r\n");
            }
            Files.writeString(f, text);
            check(new String[] {"--config-file=" + f});
        }
    }

    private static void check(String[] args) {
        try {
            assertNotNull(SidecarConfig.parse(args, 2));
        } catch (ConfigException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), String.join(" ", args));
        }
    }
}
