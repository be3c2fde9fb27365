package org.rtcsip.sidecar.logging;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log lines about one call, prefixed the way rtpengine prefixes them ({@code [callid port]}) so an operator can
 * grep one call out of a busy log: {@code [call-id]}, {@code [call-id tag]} or {@code [call-id tag port 30000]}.
 * The call-id and tag come from Kamailio (ultimately from a SIP peer), so they are made printable and cut to 120
 * characters. The message is built only when the level is logged. {@link OneLineFormatter} prints the line as
 * {@code 2026-11-24 10:45:00.123 INFO    [MediaStream] [a84b4c76e66710 alice-tag port 30000] latched to ...}.
 *
 * <pre>{@code
 * private static final Logger LOG = Logger.getLogger(MediaStream.class.getName());
 * CallLog.of(callId, tag, port).info(LOG, () -> "latched to " + from);
 * }</pre>
 *
 * Session code may keep one {@code CallLog} per stream: it is immutable and holds three fields.
 */
public final class CallLog {
    private static final int MAX_TEXT = 120;

    private final String prefix;

    private CallLog(String prefix) {
        this.prefix = prefix;
    }

    /** {@code [call-id]}. */
    public static CallLog of(String callId) {
        return new CallLog(printable(callId));
    }

    /** {@code [call-id tag]}; a null tag is left out. */
    public static CallLog of(String callId, String tag) {
        return new CallLog(printable(callId) + (tag == null ? "" : " " + printable(tag)));
    }

    /** {@code [call-id tag port 30000]}: a stream's line, by the local port it receives on. */
    public static CallLog of(String callId, String tag, int port) {
        return new CallLog(of(callId, tag).prefix + " port " + port);
    }

    /** The text between the brackets. */
    public String prefix() {
        return prefix;
    }

    public void info(Logger logger, Supplier<String> message) {
        log(logger, Level.INFO, message, null);
    }

    public void warning(Logger logger, Supplier<String> message) {
        log(logger, Level.WARNING, message, null);
    }

    public void fine(Logger logger, Supplier<String> message) {
        log(logger, Level.FINE, message, null);
    }

    /** At {@code level}, with {@code thrown}'s stack trace after the line when it is not null. */
    public void log(Logger logger, Level level, Supplier<String> message, Throwable thrown) {
        if (!logger.isLoggable(level)) {
            return;
        }
        // the prefix is part of the message, so every handler and formatter shows it, not only ours
        LogRecord r = new LogRecord(level, "[" + prefix + "] " + message.get());
        r.setLoggerName(logger.getName());
        r.setThrown(thrown);
        logger.log(r);
    }

    /**
     * Client-chosen text fit for one log line: control characters shown as '?', at most 120 characters (then
     * "..."), "(none)" for null.
     */
    public static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_TEXT + 3));
        text.codePoints().limit(MAX_TEXT).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.codePointCount(0, text.length()) > MAX_TEXT ? b + "..." : b.toString();
    }
}
