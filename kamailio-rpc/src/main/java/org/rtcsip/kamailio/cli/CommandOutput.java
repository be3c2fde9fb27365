package org.rtcsip.kamailio.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What a command prints on stdout: an aligned table (people) or JSON (scripts, {@code --json}). */
final class CommandOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;

    private CommandOutput(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    static CommandOutput of(CommandSpec spec) {
        return new CommandOutput(spec.commandLine().getOut(), SidecarCtl.of(spec).json());
    }

    boolean json() {
        return json;
    }

    /** Prints {@code value} (records, maps, lists) as indented JSON. */
    void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** How long ago {@code epochSeconds} was at {@code now}, as {@code 42s}, {@code 5m3s} or {@code 2h10m}. */
    static String ago(long now, long epochSeconds) {
        long seconds = Math.max(0, now - epochSeconds);
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return (seconds / 60) + "m" + (seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
    }

    void println(String line) {
        out.println(line);
    }

    /** Columns separated by two spaces, each as wide as its widest cell; the last column is not padded. */
    void printTable(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        printRow(headers, widths);
        for (List<String> row : rows) {
            printRow(row, widths);
        }
    }

    private void printRow(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            line.append(cell);
            if (column < cells.size() - 1) {
                line.append(" ".repeat(widths[column] - cell.length() + 2));
            }
        }
        out.println(line);
    }
}
