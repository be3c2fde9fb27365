package org.rtcsip.sidecar.config;

import java.util.Locale;
import java.util.logging.Level;

/**
 * rtpengine's {@code --log-level}: the syslog priorities 0-7 (RFC 5424 §6.2.1 table 2), by number or
 * name, mapped onto java.util.logging. JUL has nothing between WARNING and INFO, so notice and info
 * both show INFO; debug shows everything, as rtpengine's 7 does.
 */
public enum SyslogLevel {
    EMERGENCY(0, Level.SEVERE, "emerg", "emergency", "panic"),
    ALERT(1, Level.SEVERE, "alert"),
    CRITICAL(2, Level.SEVERE, "crit", "critical"),
    ERROR(3, Level.SEVERE, "err", "error"),
    WARNING(4, Level.WARNING, "warning", "warn"),
    NOTICE(5, Level.INFO, "notice"),
    INFO(6, Level.INFO, "info"),
    DEBUG(7, Level.FINEST, "debug");

    private final int number;
    private final Level julLevel;
    private final String[] names;

    SyslogLevel(int number, Level julLevel, String... names) {
        this.number = number;
        this.julLevel = julLevel;
        this.names = names;
    }

    int number() {
        return number;
    }

    public Level julLevel() {
        return julLevel;
    }

    /** rtpengine's name for it: emerg ... debug. */
    public String label() {
        return names[0];
    }

    /** The syslog level a java.util.logging level shows as (JUL's finest levels are all debug). */
    public static SyslogLevel of(Level level) {
        SyslogLevel best = EMERGENCY;
        for (SyslogLevel l : values()) {
            if (l.julLevel.intValue() >= level.intValue() && l.number > best.number) {
                best = l;
            }
        }
        return level.intValue() < Level.INFO.intValue() ? DEBUG : best;
    }

    /**
     * The level {@code text} names, as {@code --log-level} takes it.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static SyslogLevel named(String text) {
        try {
            return parse(text);
        } catch (InvalidValue e) {
            throw new IllegalArgumentException("\"" + text + "\" " + e.reason());
        }
    }

    static SyslogLevel parse(String text) throws InvalidValue {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (SyslogLevel level : values()) {
            if (t.equals(Integer.toString(level.number))) {
                return level;
            }
            for (String name : level.names) {
                if (t.equals(name)) {
                    return level;
                }
            }
        }
        throw new InvalidValue("is not a log level (syslog 0-7 or emerg, alert, crit, error, warn, notice,"
                + " info, debug)");
    }
}
