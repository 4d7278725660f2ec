#!/usr/bin/env python3
"""CPU of agent's chat while a reply streams at a fixed pace, and while it then sits idle.

agent's chat runs in tmux at 120x40 (as a user would see it) with a loopback server of this process
as its provider, which writes one SSE event per socket write at a fixed pace (common.Loopback:
chunked encoding, flushed after each event), so every event costs agent a read, a decode and a
chance of a frame. Each round streams a warm-up reply, then TOKENS tokens at 50 tokens a second,
TOKENS at 200 a second, and TOKENS at 50 again (prose: words and spaces, a line break every 14 words, a blank line every 4
lines, so the transcript scrolls; with STYLE "markdown", every seventh word in bold, so each
paragraph is Markdown that commonmark parses, where plain prose is parsed without it): the first long stream of a chat pays for the JIT compiling the
code that draws it, the last one is the chat warmed up. Then it leaves the chat idle for IDLE seconds. The CPU is the JVM's
own ticks (utime + stime of /proc/PID/stat) over the stream, from its first event to its last,
divided by the wall time: a share of one core, and the same per thread (/proc/PID/task/*/stat;
threads of one kind added up under their name with digits as N: the compiler's, OkHttp's). Idle:
the same over IDLE seconds after the reply has been drawn, and the wake-ups, the context switches of all the JVM's threads
(/proc/PID/task/*/status), per second, with the threads that woke most. Medians over ROUNDS.

    python3 bench/paced.py [ROUNDS] [TOKENS] [IDLE] [STYLE]
"""
import glob
import json
import os
import re
import subprocess
import sys
import time

from common import RUN_SH, Loopback, agent_home, median, prepare, temp_home

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
TOKENS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
IDLE = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
MARKDOWN = len(sys.argv) > 4 and sys.argv[4] == "markdown"
PACES = (50, 200, 50)
NAMES = ("stream@50/s", "stream@200/s", "stream@50/s again")
COLUMNS, ROWS = 120, 40
TICK = os.sysconf("SC_CLK_TCK")
WORDS = ["to", "the", "stream", "of", "tokens", "arrives", "quickly", "and", "terminal",
         "draws", "each", "frame", "once", "bytes", "counted", "here"]
TMUX = ["tmux", "-L", f"agent-bench-paced-{os.getpid()}", "-f", "/dev/null"]


def tokens(count, number):
    out = []
    for k in range(count - 1):
        word = WORDS[(k * 7 + number) % len(WORDS)]
        if MARKDOWN and k % 7 == 3:
            word = "**" + word + "**"
        line_end = (k + 1) % 14 == 0
        paragraph_end = (k + 1) % 56 == 0
        out.append(word + ("\n\n" if paragraph_end else "\n" if line_end else " "))
    out.append(f"last{number:03d}")
    return out


def ticks(pid):
    """utime + stime of the whole process, in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def threads(pid):
    """{thread name: (ticks, context switches)} for every thread of pid."""
    out = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/stat") as f:
                stat = f.read()
            with open(task + "/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        switches = int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"])
        key = f"{name}#{os.path.basename(task)}"
        out[key] = (int(fields[11]) + int(fields[12]), switches)
    return out


def by_thread(before, after, seconds):
    """{thread kind: share of a core} between two threads() snapshots. Threads of one kind (the
    compiler's, OkHttp's per connection) are added up under their name without numbers."""
    out = {}
    for key, (tick, _) in after.items():
        kind = re.sub(r"[0-9]+", "N", key.split("#")[0]).strip()
        used = (tick - before.get(key, (0, 0))[0]) / TICK / seconds
        out[kind] = out.get(kind, 0.0) + used
    return out


def screen():
    return subprocess.run(TMUX + ["capture-pane", "-p", "-t", "bench"], capture_output=True,
                          text=True).stdout


def wait_screen(needle, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in screen():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{needle!r} did not appear; the screen was:\n{screen()}")


def one_round():
    plan = {1: (50, 100)}  # reply number: (pace, tokens); the first warms up
    for i, pace in enumerate(PACES):
        plan[2 + i] = (pace, TOKENS)
    spans = {}

    def reply(number, send):
        pace, count = plan[number]
        time.sleep(0.3)
        first = None
        for token in tokens(count, number):
            at = send(token)
            if first is None:
                first = (at, ticks(pid), threads(pid))
            time.sleep(1 / pace)
        spans[number] = (first, (time.perf_counter(), ticks(pid), threads(pid)))

    server = Loopback(reply)
    result = {}
    try:
        with temp_home() as home:
            env = agent_home(server.port, home)
            subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
            subprocess.run(TMUX + ["new-session", "-d", "-s", "bench", "-x", str(COLUMNS), "-y",
                                   str(ROWS), "exec " + RUN_SH], env=env, check=True)
            pid = int(subprocess.run(TMUX + ["display", "-p", "-t", "bench", "#{pane_pid}"],
                                     capture_output=True, text=True).stdout)
            try:
                wait_screen("Type a message")
                for number in plan:
                    subprocess.run(TMUX + ["send-keys", "-t", "bench", "-l", f"p{number}"])
                    subprocess.run(TMUX + ["send-keys", "-t", "bench", "Enter"])
                    server.wait_done(number, 120)
                    wait_screen(f"last{number:03d}")
                    if number > 1:
                        (t0, c0, th0), (t1, c1, th1) = spans[number]
                        key = NAMES[number - 2]
                        result[key] = (c1 - c0) / TICK / (t1 - t0)
                        result[key + " threads"] = by_thread(th0, th1, t1 - t0)
                time.sleep(1.0)  # the last frames: the reply's end, the status line
                before, c0, t0 = threads(pid), ticks(pid), time.perf_counter()
                time.sleep(IDLE)
                after, c1, t1 = threads(pid), ticks(pid), time.perf_counter()
                result["idle"] = (c1 - c0) / TICK / (t1 - t0)
                wakes = {name: (after[name][1] - before.get(name, (0, 0))[1]) / (t1 - t0)
                         for name in after}
                result["idle_wakeups_per_s"] = sum(wakes.values())
                result["idle_top_threads"] = sorted(
                    ((round(w, 1), name) for name, w in wakes.items() if w > 0.2), reverse=True)[:5]
            finally:
                subprocess.run(TMUX + ["send-keys", "-t", "bench", "C-q"])
                time.sleep(0.5)
                subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
    finally:
        server.close()
    return result


def main():
    prepare()
    rounds = [one_round() for _ in range(ROUNDS)]
    summary = {}
    for key in [k for k in rounds[0] if k != "idle_top_threads" and "threads" not in k]:
        summary[key] = round(median(r[key] for r in rounds) * (1 if "wakeups" in key else 100), 2)
    print(f"{ROUNDS} rounds, {TOKENS} tokens per stream, {COLUMNS}x{ROWS} in tmux, medians")
    for pace, name in zip(PACES, NAMES):
        print(f"streaming at {pace} tokens/s{' again' if 'again' in name else ''}:"
              f" {summary[name]:.2f} % of a core"
              " (target <= 5)")
        key = f"{name} threads"
        kinds = {k for r in rounds for k in r[key]}
        shares = {k: median(r[key].get(k, 0.0) for r in rounds) * 100 for k in kinds}
        top = sorted(((v, k) for k, v in shares.items() if v >= 0.05), reverse=True)[:8]
        print("  by thread (median % of a core): "
              + ", ".join(f"{k} {v:.2f}" for v, k in top))
        summary[key] = {k: round(v, 2) for v, k in top}
    print(f"idle for {IDLE:.0f} s after the reply: {summary['idle']:.2f} % of a core (target <= 0.2),"
          f" {summary['idle_wakeups_per_s']:.1f} wake-ups a second")
    print("threads that woke most while idle (per second), last round:",
          rounds[-1]["idle_top_threads"])
    print("json: " + json.dumps(summary))


if __name__ == "__main__":
    main()
