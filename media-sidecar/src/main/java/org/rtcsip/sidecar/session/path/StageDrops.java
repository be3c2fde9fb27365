package org.rtcsip.sidecar.session.path;

import org.rtcsip.sidecar.session.DropReason;

/** Where a stage reports a drop: the process-wide counter by reason, and the stream's error count where it owns one. */
public interface StageDrops {
    void dropped(DropReason reason);
}
