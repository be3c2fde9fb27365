package org.rtcsip.sidecar.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.rtcsip.sidecar.config.OptionCatalog.Kind;
import org.rtcsip.sidecar.config.OptionCatalog.OptionDef;
import org.rtcsip.sidecar.config.OptionCatalog.Use;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The start line, parsed by picocli from the {@link OptionCatalog}: long options as {@code --key=value}
 * or {@code --key value}, rtpengine's short letters, flags without values. Values stay text here;
 * {@link SettingsReader} types them, so a bad value gets the same message from the command line as
 * from a file.
 */
final class CommandLineReader {

    static final String COMMAND_NAME = "media-sidecar";

    enum Request { RUN, HELP, VERSION }

    record Arguments(Request request, Map<String, RawSetting> settings) {
    }

    private CommandLineReader() {
    }

    static Arguments read(String[] args) throws ConfigException {
        Map<OptionSpec, OptionDef> defs = new LinkedHashMap<>();
        CommandLine commandLine = new CommandLine(spec(Map.of(), defs));
        commandLine.setOverwrittenOptionsAllowed(true); // --port-min=1 --port-min=2: the last wins
        commandLine.setExpandAtFiles(false);            // "@x" is never a file to read arguments from
        ParseResult result;
        try {
            result = commandLine.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw unmatched(e.getUnmatched());
        } catch (CommandLine.MissingParameterException e) {
            throw new ConfigException(missingName(e.getMissing()) + ": needs a value (" + Origin.commandLine() + ")");
        } catch (CommandLine.ParameterException e) {
            throw new ConfigException(e.getMessage() + " (" + Origin.commandLine() + ")");
        }
        if (result.isUsageHelpRequested()) {
            return new Arguments(Request.HELP, Map.of());
        }
        if (result.isVersionHelpRequested()) {
            return new Arguments(Request.VERSION, Map.of());
        }
        Map<String, RawSetting> settings = new LinkedHashMap<>();
        for (Map.Entry<OptionSpec, OptionDef> e : defs.entrySet()) {
            if (!result.hasMatchedOption(e.getKey())) {
                continue;
            }
            OptionDef def = e.getValue();
            List<RawSetting.Value> values = new ArrayList<>();
            if (def.kind() == Kind.FLAG) {
                values.add(new RawSetting.Value("true", Origin.commandLine()));
            } else {
                List<String> given = e.getKey().getValue();
                // A single-valued option given twice: the last wins, as with rtpengine's GLib parser.
                List<String> kept = def.repeatable() ? given : given.subList(given.size() - 1, given.size());
                for (String text : kept) {
                    values.add(new RawSetting.Value(text, Origin.commandLine()));
                }
            }
            settings.put(def.key(), new RawSetting(def.key(), values));
        }
        return new Arguments(Request.RUN, settings);
    }

    /** --help: the applied options with their defaults, then the rtpengine options we accept and ignore. */
    static String usage(Map<String, RawSetting> defaults) {
        CommandLine commandLine = new CommandLine(spec(defaults, new LinkedHashMap<>()));
        commandLine.setUsageHelpWidth(100);
        return commandLine.getUsageMessage(Help.Ansi.OFF);
    }

    static String version() {
        return COMMAND_NAME + " " + buildVersion() + System.lineSeparator()
                + "WebRTC <-> SIP media server speaking rtpengine's ng protocol" + System.lineSeparator();
    }

    private static CommandSpec spec(Map<String, RawSetting> defaults, Map<OptionSpec, OptionDef> defs) {
        CommandSpec spec = CommandSpec.create().name(COMMAND_NAME);
        spec.usageMessage()
                .customSynopsis(COMMAND_NAME + " [OPTION]...")
                .description("WebRTC <-> SIP media server driven by Kamailio's rtpengine module (ng protocol).",
                        "Takes rtpengine's options. Precedence: built-in defaults < config file < command line.")
                .sortOptions(false)
                .footer(footer());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Print this help and exit.").build());
        spec.addOption(OptionSpec.builder("-v", "--version").versionHelp(true)
                .description("Print the version and exit.").build());
        for (OptionDef def : OptionCatalog.all()) {
            OptionSpec.Builder b = OptionSpec.builder(def.names())
                    .hidden(def.use() == Use.IGNORED || def.use() == Use.REJECTED)
                    .description(escape(def.text() + defaultText(def, defaults)));
            if (def.kind() == Kind.FLAG) {
                b.arity("0").type(boolean.class);
            } else {
                b.arity("1").type(List.class).auxiliaryTypes(String.class).paramLabel(def.label());
            }
            OptionSpec option = b.build();
            spec.addOption(option);
            defs.put(option, def);
        }
        return spec;
    }

    private static String defaultText(OptionDef def, Map<String, RawSetting> defaults) {
        RawSetting d = defaults.get(def.key());
        if (d == null || def.kind() == Kind.FLAG) {
            return "";
        }
        StringBuilder b = new StringBuilder(" Default: ");
        for (int i = 0; i < d.values().size(); i++) {
            b.append(i == 0 ? "" : ";").append(d.values().get(i).text());
        }
        return b.append('.').toString();
    }

    private static String[] footer() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Accepted for rtpengine compatibility and ignored with a warning:");
        wrap(lines, Use.IGNORED);
        lines.add("Refused (they would make the sidecar do something else than asked):");
        wrap(lines, Use.REJECTED);
        lines.add("");
        lines.add("Config file: rtpengine's INI format, keys are the long option names:");
        lines.add("  [rtpengine]");
        lines.add("  interface = internal/10.0.0.5;external/10.0.0.5!203.0.113.5");
        lines.add("  listen-ng = 127.0.0.1:2223");
        String[] out = new String[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = escape(lines.get(i));
        }
        return out;
    }

    private static void wrap(List<String> lines, Use use) {
        StringBuilder line = new StringBuilder(" ");
        for (OptionDef def : OptionCatalog.all()) {
            if (def.use() != use) {
                continue;
            }
            String word = " --" + def.key();
            if (line.length() + word.length() > 98) {
                lines.add(line.toString());
                line = new StringBuilder(" ");
            }
            line.append(word);
        }
        if (line.length() > 1) {
            lines.add(line.toString());
        }
    }

    private static ConfigException unmatched(List<String> unmatched) {
        String first = unmatched.isEmpty() ? "" : unmatched.get(0);
        if (first.startsWith("-")) {
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            String key = name.startsWith("--") ? name.substring(2) : name.substring(1);
            String hint = key.length() > 1 ? Suggestion.forKey(key).replace("mean ", "mean --") : "";
            return new ConfigException("unknown option " + name + hint + " (" + Origin.commandLine() + ")");
        }
        return new ConfigException("unexpected argument \"" + first + "\"; options start with --, as --port-min=30000"
                + " (" + Origin.commandLine() + ")");
    }

    private static String missingName(List<ArgSpec> missing) {
        if (!missing.isEmpty() && missing.get(0) instanceof OptionSpec option) {
            return option.longestName().replaceFirst("^--?", "");
        }
        return "option";
    }

    // picocli formats help text with String.format: a literal % must be doubled.
    private static String escape(String text) {
        return text.replace("%", "%%");
    }

    private static String buildVersion() {
        String path = "/META-INF/maven/org.rtcsip/media-sidecar/pom.properties";
        try (InputStream in = CommandLineReader.class.getResourceAsStream(path)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String manifest = CommandLineReader.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "(development build)";
    }
}
