#!/usr/bin/env python3
"""Resident memory of the chat, against Codex CLI's 110 MB idle (measured on this kind of machine):

  * idle: agent's chat in a pseudo-terminal (200x60) with a loopback provider, 3 s after its first
    frame; then its growth over IDLE seconds of doing nothing;
  * after a 10,000-message conversation: the same with a saved conversation of 5,000 prompts and
    5,000 replies of prose (about 2.4 MB of text) opened with --resume, which loads every message
    into the transcript and scrolls to its end; then its growth while idle.

RSS is read from /proc/PID/status (VmRSS) of the java process (run.sh execs it). Medians of RUNS.

    python3 bench/memory.py [RUNS] [IDLE]
"""
import json
import os
import sys
import time

from common import Loopback, agent_home, median, prepare, rss_kib, temp_home
from pty_agent import PtyAgent

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
IDLE = float(sys.argv[2]) if len(sys.argv) > 2 else 20
SESSION = "20261201-120000-bnch"
REPLY = ("A reply of a few sentences, as a model writes them: it explains a point, gives an "
         "example with `inline code`, and ends. ") * 3


def write_conversation(home, messages):
    """A saved conversation of messages messages, in the session format of docs/sessions.md."""
    folder = os.path.join(home, "sessions")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    lines = [json.dumps({"format": "agent-session", "version": 1, "id": SESSION,
                         "created": "2026-12-01T12:00:00.000Z", "title": "A long conversation"})]
    for k in range(messages):
        user = k % 2 == 0
        message = {"role": "user" if user else "assistant", "provider": "bench",
                   "model": "bench-model", "time": "2026-12-01T12:00:00.000Z", "status": "done"}
        if not user:
            message["stop_reason"] = "stop"
        message["text"] = f"Question number {k // 2}: what about this?" if user else \
            f"Answer {k // 2}. " + REPLY
        lines.append(json.dumps(message))
    path = os.path.join(folder, SESSION + ".jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)


def measure(args, ready):
    """RSS (MiB) 3 s after ready shows, and its growth over IDLE seconds of idling."""
    server = Loopback(lambda number, send: send("hello"))
    try:
        with temp_home() as home:
            env = agent_home(server.port, home)
            if args:
                write_conversation(home, 10_000)
            agent = PtyAgent(env, 200, 60, args)
            try:
                agent.wait_for(ready, timeout=60)
                time.sleep(3)
                pid = agent.process.pid
                start = rss_kib(pid)
                samples = [start]
                deadline = time.monotonic() + IDLE
                while time.monotonic() < deadline:
                    time.sleep(1)
                    samples.append(rss_kib(pid))
                return start / 1024, (samples[-1] - start) / 1024, max(samples) / 1024
            finally:
                agent.quit()
    finally:
        server.close()


def main():
    prepare()
    results = {}
    for name, args, ready in (("idle", (), b"Type a message"),
                              ("10,000 messages", ("--resume", SESSION), b"Answer 4999.")):
        runs = [measure(args, ready) for _ in range(RUNS)]
        results[name] = {"rss_mib": round(median([r[0] for r in runs]), 1),
                         "idle_growth_mib": round(median([r[1] for r in runs]), 1),
                         "max_mib": round(median([r[2] for r in runs]), 1)}
    print(f"runs: {RUNS}, medians; {IDLE:.0f} s idle after each start; reference: Codex CLI 110 MB")
    for name, r in results.items():
        print(f"{name:>16}: {r['rss_mib']:6.1f} MiB resident (target <= 110 MB idle),"
              f" {r['idle_growth_mib']:+.1f} MiB over {IDLE:.0f} s idle (max {r['max_mib']:.1f})")
    print("json: " + json.dumps(results))


if __name__ == "__main__":
    main()
