package org.rtcsip.sidecar.srtp;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jitsi.utils.logging2.Logger;

/**
 * jitsi-srtp wants a logger; ours discards everything, because every outcome it would log comes back to the
 * caller as an {@link SrtpError} code and is counted there. Empty methods also let the JIT drop the
 * log-message suppliers jitsi builds per packet.
 */
final class SilentJitsiLogger implements Logger {
    static final SilentJitsiLogger INSTANCE = new SilentJitsiLogger();

    private SilentJitsiLogger() {
    }

    @Override
    public Logger createChildLogger(String name, Map<String, String> context) {
        return this;
    }

    @Override
    public Logger createChildLogger(String name) {
        return this;
    }

    @Override
    public void setUseParentHandlers(boolean useParentHandlers) {
    }

    @Override
    public void addHandler(Handler handler) {
    }

    @Override
    public void removeHandler(Handler handler) {
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public void trace(Object msg) {
    }

    @Override
    public void trace(Supplier<String> msg) {
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public void debug(Object msg) {
    }

    @Override
    public void debug(Supplier<String> msg) {
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public void info(Object msg) {
    }

    @Override
    public void info(Supplier<String> msg) {
    }

    @Override
    public boolean isWarnEnabled() {
        return false;
    }

    @Override
    public void warn(Object msg) {
    }

    @Override
    public void warn(Supplier<String> msg) {
    }

    @Override
    public void warn(Object msg, Throwable t) {
    }

    @Override
    public void error(Object msg) {
    }

    @Override
    public void error(Supplier<String> msg) {
    }

    @Override
    public void error(Object msg, Throwable t) {
    }

    @Override
    public void setLevelError() {
    }

    @Override
    public void setLevelWarn() {
    }

    @Override
    public void setLevelInfo() {
    }

    @Override
    public void setLevelDebug() {
    }

    @Override
    public void setLevelTrace() {
    }

    @Override
    public void setLevelAll() {
    }

    @Override
    public void setLevelOff() {
    }

    @Override
    public void setLevel(Level level) {
    }

    @Override
    public Level getLevel() {
        return Level.OFF;
    }

    @Override
    public void addContext(Map<String, String> context) {
    }

    @Override
    public void addContext(String key, String value) {
    }
}
