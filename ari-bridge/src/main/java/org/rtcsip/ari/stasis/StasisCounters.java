package org.rtcsip.ari.stasis;

/** What the Stasis app counts; the ops package exports it (dependencies point from ops to stasis). */
public interface StasisCounters {
    void error(String kind);

    void callUp(long setupMillis);

    void callEnded(int cause, boolean wasUp);

    void dtmfRelayed();

    void eventsReopened();

    void orphanRemoved(String what);
}
