#!/usr/bin/env python3
"""One-shot streaming throughput: `agent` streams TOKENS chat-completion chunks from a loopback
server to /dev/null. The CPU time of `agent --version` (start-up alone), measured in the same run,
is subtracted. Prints medians of tokens per CPU-second.

Also printed: the same with the CPU time of the same command streaming a single token subtracted
instead, which takes away all of a one-shot run's own start-up (its command line, config, HTTP
client and request), leaving what the tokens themselves cost.

FIELD, as for sse_server.py, streams the tokens as reasoning instead of answer text
(reasoning_content or reasoning), to compare what a token of each costs.

    python3 bench/stream.py [RUNS] [TOKENS] [FIELD]
"""
import os
import subprocess
import sys
import tempfile

from common import RUN_SH, ROOT, agent_home, measure, median, prepare

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
TOKENS = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
FIELD = sys.argv[3] if len(sys.argv) > 3 else "content"


def main():
    prepare()
    servers = [subprocess.Popen([sys.executable, os.path.join(ROOT, "bench", "sse_server.py"),
                                 str(tokens), "word ", FIELD], stdout=subprocess.PIPE)
               for tokens in (TOKENS, 1)]
    try:
        ports = [int(server.stdout.readline()) for server in servers]
        with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as one:
            env = agent_home(ports[0], home)
            env_one = agent_home(ports[1], one)
            # Through run.sh, with the JVM flags and start-up archive users get; nothing saved.
            stream = [RUN_SH, "--no-save", "go"]
            version = [RUN_SH, "--version"]
            measure(stream, stdin=subprocess.DEVNULL, env=env)  # warm up
            cpu_stream, cpu_version, cpu_one, walls = [], [], [], []
            for _ in range(RUNS):
                wall, cpu = measure(stream, stdin=subprocess.DEVNULL, env=env)
                walls.append(wall)
                cpu_stream.append(cpu)
                cpu_version.append(measure(version, env=env)[1])
                cpu_one.append(measure(stream, stdin=subprocess.DEVNULL, env=env_one)[1])
    finally:
        for server in servers:
            server.kill()
    s, v, o = median(cpu_stream), median(cpu_version), median(cpu_one)
    print(f"runs: {RUNS}, tokens per run: {TOKENS}, in delta.{FIELD}")
    print(f"agent stream: median CPU {s:.2f} s, wall {median(walls):.2f} s")
    print(f"agent --version: median CPU {v:.2f} s; the same stream of 1 token: {o:.2f} s")
    print(f"tokens per CPU-second (start-up subtracted): {TOKENS / max(s - v, 1e-9):,.0f}")
    print(f"tokens per CPU-second (a 1-token run subtracted): {TOKENS / max(s - o, 1e-9):,.0f}")


if __name__ == "__main__":
    main()
