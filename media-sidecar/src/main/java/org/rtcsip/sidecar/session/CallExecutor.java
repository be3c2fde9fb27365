package org.rtcsip.sidecar.session;

/** Runs a task on the thread of media loop {@code loop}: how control code reaches a call without locks. */
public interface CallExecutor {
    void execute(int loop, Runnable task);
}
