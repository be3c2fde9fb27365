package org.rtcsip.sidecar.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code 2026-11-24 10:45:00.123 INFO    [logger] message}, stack trace after it when there is one. A line about a
 * call ({@link CallLog}) has the call's prefix first in its message, as rtpengine's {@code [callid port]}:
 * {@code INFO    [MediaStream] [a84b4c76e66710 alice-tag port 30000] latched to 198.51.100.7:4000}.
 */
public final class OneLineFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(128);
        String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
        b.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                .append(String.format("%-7s", r.getLevel().getName())).append(" [")
                .append(logger.substring(logger.lastIndexOf('.') + 1)).append("] ");
        b.append(formatMessage(r)).append(System.lineSeparator());
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(sw));
            b.append(sw);
        }
        return b.toString();
    }
}
