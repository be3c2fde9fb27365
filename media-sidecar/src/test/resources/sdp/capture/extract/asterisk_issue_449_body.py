# SDP body of the INVITE Asterisk PBX 18.20.0 (chan_pjsip) sent, as posted in asterisk/asterisk issue #449
# (comment by arcivanov, 2023-11-22). The issue text shows LF; SIP bodies are CRLF on the wire, and the
# CRLF-joined text is exactly the message's Content-Length (259), so these are the bytes Asterisk sent.
lines = """v=0
o=- 1683865336 1683865336 IN IP4 24.34.48.22
s=Asterisk
c=IN IP4 24.34.48.22
t=0 0
m=audio 63054 RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
a=maxptime:150
a=sendrecv""".split('\n')
b = ('\r\n'.join(lines) + '\r\n').encode('ascii')
assert len(b) == 259
open('../out/asterisk18.20.0-pjsip-offer-pcmu-pcma-telephone-event.sdp', 'wb').write(b)
