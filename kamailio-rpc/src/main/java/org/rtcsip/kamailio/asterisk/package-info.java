/**
 * What sidecarctl reads about the Asterisk half: Asterisk's ARI ({@code GET /channels}, {@code /bridges}) and
 * ari-bridge's ops HTTP ({@code GET /calls}). Read-only.
 */
package org.rtcsip.kamailio.asterisk;
