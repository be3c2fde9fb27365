/**
 * The rtpengine ng protocol on the wire (ng-protocol.md §1-§3), shared by media-sidecar's ng server
 * ({@link org.rtcsip.ngwire.Bencode}), sidecarctl, the load generator and the tests: bencode, an ng client that
 * behaves as one Kamailio worker ({@link org.rtcsip.ngwire.NgClient}: cookies, retransmission), ng URLs, and
 * request dictionaries built from kamailio.cfg flag strings as Kamailio's rtpengine module builds them
 * ({@link org.rtcsip.ngwire.KamailioRequest}). JDK only.
 */
package org.rtcsip.ngwire;
