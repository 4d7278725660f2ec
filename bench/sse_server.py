#!/usr/bin/env python3
"""A loopback OpenAI-compatible server for benchmarks: every POST to .../chat/completions gets
TOKENS chat-completion chunks of TOKEN_TEXT each, then a finish chunk and [DONE], as fast as the
socket takes them. Prints its port on the first line of standard output, then serves until killed.

FIELD is the delta field the tokens go in: content (the default), or reasoning_content or
reasoning for a reasoning model's thinking (then one content chunk follows, the answer, so that
the reply is not one that only thought).

    python3 bench/sse_server.py [TOKENS] [TOKEN_TEXT] [FIELD]
"""
import http.server
import json
import socketserver
import sys

TOKENS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
TEXT = sys.argv[2] if len(sys.argv) > 2 else "word "
FIELD = sys.argv[3] if len(sys.argv) > 3 else "content"


def delta_chunk(field, text):
    return "data: " + json.dumps(
        {"id": "b", "object": "chat.completion.chunk",
         "choices": [{"index": 0, "delta": {field: text}, "finish_reason": None}]},
        separators=(",", ":")) + "\n\n"


def build_body():
    chunk = delta_chunk(FIELD, TEXT)
    answer = "" if FIELD == "content" else delta_chunk("content", "Done.")
    end = ("data: " + json.dumps(
        {"id": "b", "object": "chat.completion.chunk",
         "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
        separators=(",", ":")) + "\n\n" + "data: [DONE]\n\n")
    return (chunk * TOKENS + answer + end).encode()


BODY = build_body()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def do_GET(self):
        body = b'{"object":"list","data":[{"id":"bench-model"}]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    with Server(("127.0.0.1", 0), Handler) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()
