package org.rtcsip.sidecar.logging;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The process's log level, set at start and changeable while it runs (POST /log-level, SIGUSR1): the root logger
 * and its handlers move together. Jitsi's libraries stay at INFO at most, their debug output is per packet.
 */
public final class LogLevels {
    private static final Logger ROOT = Logger.getLogger("");
    /** Kept referenced: a logger only weakly held loses its level. */
    private static final Logger JITSI = Logger.getLogger("org.jitsi");

    private LogLevels() {
    }

    /** One line per record on stderr ({@link OneLineFormatter}), so systemd's journal and a terminal both read well. */
    public static synchronized void install(Level level) {
        for (Handler h : ROOT.getHandlers()) {
            ROOT.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new OneLineFormatter());
        ROOT.addHandler(handler);
        set(level);
    }

    /** Applies {@code level} now; returns the level before. */
    public static synchronized Level set(Level level) {
        Level before = current();
        ROOT.setLevel(level);
        for (Handler h : ROOT.getHandlers()) {
            h.setLevel(level);
        }
        JITSI.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
        return before;
    }

    public static synchronized Level current() {
        Level level = ROOT.getLevel();
        return level == null ? Level.INFO : level;
    }
}
