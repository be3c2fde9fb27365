package org.rtcsip.sidecar.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** A log handler that keeps what it is given, for tests that check what was logged. */
public final class LogCapture extends Handler {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Consumer<LogRecord> also;

    public LogCapture() {
        this(r -> { });
    }

    /** @param also is given each record too, as it comes */
    public LogCapture(Consumer<LogRecord> also) {
        this.also = also;
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
        also.accept(r);
    }

    public List<LogRecord> records() {
        return records;
    }

    /** The records' messages, unformatted. */
    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
