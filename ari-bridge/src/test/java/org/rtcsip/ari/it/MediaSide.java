package org.rtcsip.ari.it;

/** The media side the tests' ari-bridge talks ng to: the in-test {@link MediaStandIn} or a real media-sidecar. */
interface MediaSide extends AutoCloseable {
    /** Calls it holds (ng list). */
    int calls() throws Exception;

    /** Frames it passed from one leg to the other so far. */
    long framesRelayed() throws Exception;

    /** ng delete requests it answered so far. */
    long deletes() throws Exception;
}
