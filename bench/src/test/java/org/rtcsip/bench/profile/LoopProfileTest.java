package org.rtcsip.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A sample belongs to the innermost frame that names a category; JDK frames defer to their caller. */
class LoopProfileTest {
    @Test
    void aJdkFrameUnderTheTranscoderCountsAsTheTranscoder() {
        assertEquals("transcoder (sequence, timing, RTP out)", LoopProfile.categoryOfClasses(List.of(
                "java.util.Arrays", "org.rtcsip.sidecar.session.Transcoder", "org.rtcsip.sidecar.session.path.Transcode",
                "org.rtcsip.sidecar.net.MediaLoop")));
    }

    @Test
    void libopusCalledFromTheTranscoderCountsAsItsJavaCallerInTheCodecPackage() {
        // JNA's direct calls show as the Java method bound to them: the codec row comes from the bare cost instead
        assertEquals("codec glue (repacketize, packet checks, events)", LoopProfile.categoryOfClasses(List.of(
                "org.rtcsip.sidecar.codec.LibOpus", "org.rtcsip.sidecar.codec.LibOpusEncoder",
                "org.rtcsip.sidecar.session.Transcoder")));
    }

    @Test
    void theRingIsItsOwnCategory() {
        assertEquals("io_uring rings (submit, complete)", LoopProfile.categoryOfClasses(List.of(
                "java.lang.invoke.VarHandle", "org.rtcsip.sidecar.net.UringDatagrams",
                "org.rtcsip.sidecar.net.MediaLoop")));
    }

    @Test
    void aStackWithNoKnownFrameIsOther() {
        assertEquals(LoopProfile.OTHER, LoopProfile.categoryOfClasses(List.of("java.lang.Thread")));
        assertEquals(LoopProfile.OTHER, LoopProfile.categoryOfClasses(List.of()));
    }
}
