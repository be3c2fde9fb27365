import re, sys
def bodies(path):
    """SDP bodies of every SIP message in a sipp -trace_msg log, cut by the message's own Content-Length."""
    data = open(path, 'rb').read()
    out = []
    for blk in data.split(b'\n-----------------------------------------------'):
        lines = blk.split(b'\n', 3)
        if len(lines) < 4: continue
        msg = lines[3]
        head, sep, rest = msg.partition(b'\r\n\r\n')
        if not sep: continue
        hdrs = head.split(b'\r\n')
        ct = [h for h in hdrs if h.lower().startswith(b'content-type:')]
        cl = [h for h in hdrs if h.lower().startswith(b'content-length:')]
        if not ct or b'application/sdp' not in ct[0] or not cl: continue
        n = int(cl[0].split(b':', 1)[1].strip())
        b = rest[:n]
        assert len(b) == n
        out.append((lines[1], b))
    return out
for p in sys.argv[1:]:
    for hdr, b in bodies(p):
        print(p, hdr, len(b), repr(b))
