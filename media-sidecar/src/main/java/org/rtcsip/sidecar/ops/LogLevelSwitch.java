package org.rtcsip.sidecar.ops;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.rtcsip.sidecar.config.SyslogLevel;
import org.rtcsip.sidecar.logging.LogLevels;

/**
 * Changes the log level while the process runs, without a restart: {@code POST /log-level} names the new level
 * (as {@code --log-level} does: 0-7 or emerg ... debug), SIGUSR1 toggles between debug and the level the process
 * started with. Each change is logged with who asked.
 */
public final class LogLevelSwitch {
    private static final Logger LOG = Logger.getLogger(LogLevelSwitch.class.getName());

    private final Level started;

    /** @param started the level from the configuration, what SIGUSR1 returns to */
    public LogLevelSwitch(Level started) {
        this.started = started;
    }

    /** The level in force, by its syslog name. */
    public String current() {
        return SyslogLevel.of(LogLevels.current()).label();
    }

    /**
     * Sets the level {@code text} names; returns the level before, by its syslog name.
     *
     * @throws IllegalArgumentException if {@code text} names no level
     */
    public synchronized String set(String text, String who) {
        return apply(SyslogLevel.named(text), who);
    }

    /** SIGUSR1: debug if not debugging, else back to the configured level (info if that was debug). */
    public synchronized String toggleDebug(String who) {
        boolean debugging = LogLevels.current().intValue() < Level.INFO.intValue();
        SyslogLevel back = SyslogLevel.of(started) == SyslogLevel.DEBUG ? SyslogLevel.INFO : SyslogLevel.of(started);
        return apply(debugging ? back : SyslogLevel.DEBUG, who);
    }

    private String apply(SyslogLevel level, String who) {
        String before = current();
        String line = "log level " + level.label() + " (was " + before + "), by " + who;
        // said at a moment INFO shows: after the change when it is more verbose, before it otherwise
        if (level.julLevel().intValue() <= Level.INFO.intValue()) {
            LogLevels.set(level.julLevel());
            LOG.info(line);
        } else {
            LOG.info(line);
            LogLevels.set(level.julLevel());
        }
        return before;
    }
}
