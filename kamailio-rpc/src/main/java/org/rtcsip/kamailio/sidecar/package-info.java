/**
 * Clients of one media sidecar, for {@code sidecarctl}: its operator HTTP
 * ({@link org.rtcsip.kamailio.sidecar.SidecarHttpClient}: {@code /sessions}, {@code /health},
 * {@code POST /drain}) and its ng control socket ({@link org.rtcsip.kamailio.sidecar.NgUdpClient}:
 * {@code ping}, {@code delete}, as Kamailio sends them). This module cannot depend on media-sidecar
 * (media-sidecar depends on it for the ops controller), hence its own small bencode codec,
 * {@link org.rtcsip.kamailio.sidecar.NgBencode}.
 */
package org.rtcsip.kamailio.sidecar;
