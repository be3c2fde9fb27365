package org.rtcsip.sidecar.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import org.rtcsip.sidecar.testing.LogCapture;

class CallLogTest {

    @Test
    void linesCarryTheCallsPrefixAsRtpengineWritesIt() {
        List<String> lines = new ArrayList<>();
        Logger logger = capture(lines);
        CallLog.of("a84b4c76e66710@pc33", "alice-tag", 30000).info(logger, () -> "latched to 198.51.100.7:4000");
        CallLog.of("a84b4c76e66710@pc33", "alice-tag").warning(logger, () -> "answer refused");
        CallLog.of("a84b4c76e66710@pc33").info(logger, () -> "deleted {0}");

        assertEquals(List.of("[a84b4c76e66710@pc33 alice-tag port 30000] latched to 198.51.100.7:4000",
                "[a84b4c76e66710@pc33 alice-tag] answer refused", "[a84b4c76e66710@pc33] deleted {0}"), lines);
    }

    @Test
    void theMessageIsBuiltOnlyWhenItIsLogged() {
        Logger logger = capture(new ArrayList<>());
        logger.setLevel(Level.INFO);
        CallLog.of("c").fine(logger, () -> {
            throw new AssertionError("built at FINE");
        });
    }

    @Test
    void clientTextIsMadePrintableAndShort() {
        assertEquals("a?b", CallLog.printable("a\u0000b"));
        assertEquals("(none)", CallLog.printable(null));
        assertEquals("x".repeat(120) + "...", CallLog.printable("x".repeat(500)));
        assertEquals("[a?b t?g]", "[" + CallLog.of("a\nb", "t\rg").prefix() + "]");
    }

    @Test
    void theOneLineFormatterPrintsTheLoggerThenThePrefix() {
        LogRecord r = new LogRecord(Level.INFO, "[call-1 tag] latched");
        r.setLoggerName("org.rtcsip.sidecar.session.MediaStream");
        r.setMillis(0);
        String line = new OneLineFormatter().format(r);
        assertTrue(line.startsWith("1970-01-01 00:00:00.000 INFO    [MediaStream] [call-1 tag] latched"), line);
    }

    private static Logger capture(List<String> lines) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new LogCapture(r -> lines.add(r.getMessage())));
        return logger;
    }
}
