package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void writesThePidAndANewlineReplacingAStaleFile() throws Exception {
        Path pidfile = dir.resolve("sidecar.pid");
        Files.writeString(pidfile, "999999\n");

        PidFile.write(pidfile, 4242);

        assertEquals("4242\n", Files.readString(pidfile));
        assertFalse(Files.exists(dir.resolve("sidecar.pid.tmp")), "no temporary file left behind");
    }

    @Test
    void removesOnlyItsOwnPid() throws Exception {
        Path pidfile = dir.resolve("sidecar.pid");
        PidFile.write(pidfile, 4242);

        assertFalse(PidFile.removeIfOwnedBy(pidfile, 1111), "another instance's file stays");
        assertTrue(Files.exists(pidfile));
        assertTrue(PidFile.removeIfOwnedBy(pidfile, 4242));
        assertFalse(Files.exists(pidfile));
        assertFalse(PidFile.removeIfOwnedBy(pidfile, 4242), "nothing to remove twice");
    }
}
