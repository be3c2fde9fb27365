package org.rtcsip.sidecar.session;

/**
 * One leg of an ng {@code external media} request (docs/ng-external-media.md): Asterisk's ExternalMedia WebSocket
 * at {@code uri}, speaking {@code codec} ({@code opus/48000/2}, {@code PCMU/8000}, {@code PCMA/8000}).
 */
public record ExternalLegSpec(String tag, String transport, String uri, String codec, int ptime) {
}
