#!/usr/bin/env python3
"""Image server for sheaf's tests, on 127.0.0.1 only.

    imgserver.py DIR PORTFILE LOGFILE

Serves the pictures in DIR and the faults the fetch stage must survive;
writes its port to PORTFILE and one line per request to LOGFILE.
  /img/NAME        the file DIR/NAME
  /seed/ANY        DIR/seedN.jpg, N = 0, 1, ... in order of first request
  /bench/K.jpg     DIR/seed0.jpg with K appended after the image data
  /404             status 404
  /chain/N         302 to /chain/N-1; /chain/0 is 302 to /img/good.png
  /loop            302 to itself
  /tofile          302 to file:///etc/passwd
  /html            an HTML page with status 200
  /big             200 with 21 MiB of data and no length
  /hang            accepts and never answers
  /drip            200, then one byte a second
"""
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR, PORTFILE, LOGFILE = sys.argv[1:4]
lock = threading.Lock()
seeds = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/octet-stream",
             headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where):
        self.send(302, b"", headers=[("Location", where)])

    def file(self, name, extra=b""):
        try:
            with open(os.path.join(DIR, name), "rb") as f:
                self.send(200, f.read() + extra, "image/jpeg")
        except OSError:
            self.send(404, b"no such file")

    def do_GET(self):
        p = self.path
        with lock:
            with open(LOGFILE, "a") as log:
                log.write(p + "\n")
        if p.startswith("/img/"):
            self.file(os.path.basename(p[5:].split("?")[0]))
        elif p.startswith("/seed/"):
            with lock:
                n = seeds.setdefault(p, len(seeds))
            self.file("seed%d.jpg" % (n % 10))
        elif p.startswith("/bench/"):
            self.file("seed0.jpg", b"\n" + p.encode())
        elif p == "/404":
            self.send(404, b"<html><body>not found</body></html>",
                      "text/html")
        elif p.startswith("/chain/"):
            n = int(p[7:])
            self.redirect("/img/good.png" if n == 0 else "/chain/%d" % (n - 1))
        elif p == "/loop":
            self.redirect("/loop")
        elif p == "/tofile":
            self.redirect("file:///etc/passwd")
        elif p == "/html":
            self.send(200, b"<!DOCTYPE html><html><body>Sign in</body></html>",
                      "image/jpeg")
        elif p == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"\x89PNG\r\n\x1a\n" + b"\0" * (1 << 20)
            try:
                for _ in range(21):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif p == "/hang":
            time.sleep(60)
        elif p == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"\x89")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
        else:
            self.send(404, b"unknown")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


srv = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
