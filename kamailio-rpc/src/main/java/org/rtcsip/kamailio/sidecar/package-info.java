/**
 * Clients of one media sidecar, for {@code sidecarctl}: its operator HTTP
 * ({@link org.rtcsip.kamailio.sidecar.SidecarHttpClient}: {@code /sessions}, {@code /health},
 * {@code POST /drain}) and its ng control socket ({@link org.rtcsip.kamailio.sidecar.SidecarNgClient}:
 * {@code ping}, {@code delete}, on ng-wire's client, as Kamailio sends them).
 */
package org.rtcsip.kamailio.sidecar;
