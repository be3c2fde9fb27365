/**
 * FastAGI hooks and the ARI Stasis app that route Asterisk channels through sidecar sessions.
 * Only the module skeleton exists so far; nothing here is wired in yet.
 */
package org.rtcsip.ari;
