#!/usr/bin/env python3
"""One-shot streaming throughput: `agent` streams TOKENS chat-completion chunks from a loopback
server to /dev/null. The CPU time of `agent --version` (start-up alone), measured in the same run,
is subtracted. Prints medians of tokens per CPU-second.

    python3 bench/stream.py [RUNS] [TOKENS]
"""
import os
import subprocess
import sys
import tempfile

from common import RUN_SH, ROOT, agent_home, measure, median, prepare

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
TOKENS = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000


def main():
    prepare()
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "bench", "sse_server.py"),
                               str(TOKENS)], stdout=subprocess.PIPE)
    try:
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory() as home:
            env = agent_home(port, home)
            # Through run.sh, with the JVM flags and start-up archive users get; nothing saved.
            stream = [RUN_SH, "--no-save", "go"]
            version = [RUN_SH, "--version"]
            measure(stream, stdin=subprocess.DEVNULL, env=env)  # warm up
            cpu_stream, cpu_version, walls = [], [], []
            for _ in range(RUNS):
                wall, cpu = measure(stream, stdin=subprocess.DEVNULL, env=env)
                walls.append(wall)
                cpu_stream.append(cpu)
                cpu_version.append(measure(version, env=env)[1])
    finally:
        server.kill()
    s, v = median(cpu_stream), median(cpu_version)
    print(f"runs: {RUNS}, tokens per run: {TOKENS}")
    print(f"agent stream: median CPU {s:.2f} s, wall {median(walls):.2f} s")
    print(f"agent --version: median CPU {v:.2f} s")
    print(f"tokens per CPU-second (start-up subtracted): {TOKENS / max(s - v, 1e-9):,.0f}")


if __name__ == "__main__":
    main()
