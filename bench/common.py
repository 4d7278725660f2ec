"""Shared by the benchmark scripts: where things are, how to run agent the way users do (run.sh),
how to measure a process, and a loopback OpenAI-compatible server that the scripts drive.

Every figure is compared with a reference measured in the same run, runs interleaved, and medians
reported: the machine is shared and noisy, so a figure alone means little.

The agent the scripts start ignores AGENT_JAVA_OPTS from the environment; BENCH_JAVA_OPTS, when
set, is passed to it as AGENT_JAVA_OPTS instead (a profiler's agent, a JVM log), e.g.
  BENCH_JAVA_OPTS='-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation' python3 bench/paced.py 1
"""
import http.server
import json
import os
import resource
import socketserver
import statistics
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_SH = os.path.join(ROOT, "run.sh")
JAR = os.path.join(ROOT, "target", "agent.jar")
FRAME_INTERVAL = 0.033  # ChatApp.FRAME_INTERVAL


def prepare():
    """Builds the jar and the start-up archive if needed, as a first ./run.sh does."""
    subprocess.run([RUN_SH, "--version"], check=True, stdout=subprocess.DEVNULL)


def median(values):
    return statistics.median(values)


def measure(cmd, stdin=subprocess.DEVNULL, env=None):
    """Runs cmd once; returns (wall seconds, CPU seconds of the child and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()}")
    return wall, cpu


def hello_world(folder):
    """Compiles a Java hello-world into folder; returns the command that runs it."""
    src = os.path.join(folder, "Hello.java")
    with open(src, "w") as f:
        f.write('public class Hello { public static void main(String[] a) {'
                ' System.out.println("hello, world"); } }')
    subprocess.run(["javac", "-d", folder, src], check=True)
    return ["java", "-cp", folder, "Hello"]


def agent_home(port, folder):
    """An AGENT_HOME whose default provider is the loopback server on port; returns env."""
    with open(os.path.join(folder, "config.toml"), "w") as f:
        f.write('model_provider = "bench"\n\n'
                '[model_providers.bench]\n'
                'name = "Bench"\n'
                f'base_url = "http://127.0.0.1:{port}/v1"\n'
                'default_model = "bench-model"\n')
    env = dict(os.environ, AGENT_HOME=folder, TERM="xterm-256color", LANG="C.UTF-8")
    env.pop("AGENT_JAVA_OPTS", None)
    if os.environ.get("BENCH_JAVA_OPTS"):  # a profiler's or a log's options, for the JVM measured
        env["AGENT_JAVA_OPTS"] = os.environ["BENCH_JAVA_OPTS"]
    return env


def chunk(text):
    return ("data: " + json.dumps(
        {"id": "b", "object": "chat.completion.chunk",
         "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]},
        separators=(",", ":")) + "\n\n").encode()


END = ("data: " + json.dumps(
    {"id": "b", "object": "chat.completion.chunk",
     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
    separators=(",", ":")) + "\n\n" + "data: [DONE]\n\n").encode()


class Loopback:
    """An OpenAI-compatible server on 127.0.0.1 in a thread of this process. Each POST to
    .../chat/completions is answered by reply(request_number, send), where send(text) writes one
    chunk (chunked transfer encoding, flushed) and returns the time it went out; the stream ends
    when reply returns. Counts requests; serves a model list on GET."""

    def __init__(self, reply):
        self.reply = reply
        self.requests = 0
        self.done = 0
        self.lock = threading.Condition()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with outer.lock:
                    outer.requests += 1
                    number = outer.requests
                    outer.lock.notify_all()
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()

                def send(text):
                    data = chunk(text)
                    at = time.perf_counter()
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                    return at

                outer.reply(number, send)
                self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(END), END))
                self.wfile.flush()
                with outer.lock:
                    outer.done += 1
                    outer.lock.notify_all()

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

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_requests(self, count, timeout):
        """Waits until count requests have arrived; returns whether they did."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.requests < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.lock.wait(left)
        return True

    def wait_done(self, count, timeout):
        """Waits until count replies have been sent whole; returns whether they were."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.done < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.lock.wait(left)
        return True

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def rss_kib(pid):
    """Resident set size of pid in KiB, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def temp_home():
    return tempfile.TemporaryDirectory(prefix="agent-bench-")
