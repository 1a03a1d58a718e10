#!/usr/bin/env python3
"""URL import throughput: hark fetching N pages from a server on 127.0.0.1.

Serves N copies of tests/fixtures/html/npr-transcript.html, each its own
story at its own address, and times `hark import --urls` on them with the
politeness delay given (seconds between two requests to one host).

    cargo build --release
    python3 scripts/web_throughput.py --pages 1000 --delay 0
    python3 scripts/web_throughput.py --pages 1000 --delay 1

Nothing leaves the machine: the server listens on 127.0.0.1 only.
"""
import argparse
import http.server
import pathlib
import subprocess
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = (ROOT / "tests/fixtures/html/npr-transcript.html").read_text()


class Pages(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body in one write, sent at once: otherwise Nagle's
    # algorithm and the client's delayed ACK add 40 ms to every page of a
    # kept-alive connection, and the figure measures the server.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def do_GET(self):
        if self.path == "/robots.txt":
            body, status = b"User-agent: *\nAllow: /\n", 200
        elif self.path.startswith("/transcripts/"):
            n = self.path.rsplit("/", 1)[1]
            page = FIXTURE.replace("900000001", n).replace("Gull Island", f"Gull Island {n}")
            body, status = page.encode(), 200
        else:
            body, status = b"not here", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--hark", default=str(ROOT / "target/release/hark"))
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "config.toml").write_text(f"[fetch]\ndelay = {args.delay}\n")
        urls = "\n".join(f"{base}/transcripts/{700000000 + i}" for i in range(args.pages))
        (tmp / "urls.txt").write_text(urls + "\n")
        cmd = [args.hark, "--library", str(tmp / "lib"), "--config", str(tmp / "config.toml"),
               "import", "--urls", str(tmp / "urls.txt")]
        start = time.monotonic()
        done = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.monotonic() - start
        summary = done.stdout.strip().splitlines()[-1] if done.stdout else done.stderr
        print(f"{args.pages} pages, delay {args.delay} s: {seconds:.1f} s, "
              f"{args.pages / seconds:.1f} pages/s ({summary})")


if __name__ == "__main__":
    main()
