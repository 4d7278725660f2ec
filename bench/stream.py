#!/usr/bin/env python3
"""One-shot streaming throughput: `./run.sh "go"` streams TOKENS chat-completion chunks from a
loopback server (bench/sse_server.py, a process of its own) to /dev/null. The CPU time of
`./run.sh --version` (start-up alone), measured in the same run, interleaved, is subtracted:
the figure is tokens per CPU-second of streaming. Medians of RUNS.

    python3 bench/stream.py [RUNS] [TOKENS]
"""
import json
import os
import subprocess
import sys

from common import ROOT, RUN_SH, agent_home, measure, median, prepare, temp_home

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
TOKENS = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000


def main():
    prepare()
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "bench", "sse_server.py"),
                               str(TOKENS)], stdout=subprocess.PIPE)
    try:
        port = int(server.stdout.readline())
        with temp_home() as home:
            env = agent_home(port, home)
            stream = [RUN_SH, "go"]
            version = [RUN_SH, "--version"]
            measure(stream, env=env), measure(version, env=env)  # warm the file cache
            cpu_stream, cpu_version, walls = [], [], []
            for _ in range(RUNS):
                wall, cpu = measure(stream, env=env)
                walls.append(wall)
                cpu_stream.append(cpu)
                cpu_version.append(measure(version, env=env)[1])
    finally:
        server.kill()
        server.wait()
    s, v = median(cpu_stream), median(cpu_version)
    rate = TOKENS / max(s - v, 1e-9)
    print(f"runs: {RUNS} (interleaved), tokens per run: {TOKENS}, medians")
    print(f"agent one-shot stream: CPU {s:.3f} s, wall {median(walls):.3f} s")
    print(f"agent --version:       CPU {v:.3f} s")
    print(f"tokens per CPU-second (start-up subtracted): {rate:,.0f}"
          f"  = {rate / 300_000:.2f}x the target of 300,000")
    print("json: " + json.dumps({"stream_cpu": round(s, 4), "version_cpu": round(v, 4),
                                 "stream_wall": round(median(walls), 4),
                                 "tokens_per_cpu_second": round(rate)}))


if __name__ == "__main__":
    main()
