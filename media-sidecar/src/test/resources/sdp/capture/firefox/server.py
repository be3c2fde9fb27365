# Loopback-only: serves www/ and stores each POST /result/<name> body byte-for-byte in results/<name>.
import http.server, os, sys
os.makedirs('results', exist_ok=True)
class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k): super().__init__(*a, directory='www', **k)
    def do_POST(self):
        n = int(self.headers.get('Content-Length', '0'))
        body = self.rfile.read(n)
        name = os.path.basename(self.path)
        with open(os.path.join('results', name), 'wb') as f: f.write(body)
        self.send_response(204); self.end_headers()
http.server.ThreadingHTTPServer(('127.0.0.1', 8090), H).serve_forever()
