#!/usr/bin/env python3
"""One-shot streaming at a real server's pace: `agent --no-save go` (through run.sh) streams TOKENS
chat-completion chunks from a loopback server that writes one SSE event per socket write, PACE
tokens a second (an absolute schedule, so a late write does not slow the rest). The reply goes to a
pseudo-terminal, as when a user runs a one-shot in a terminal, or with --pipe to a pipe read and
dropped. Prints the medians over RUNS of the process's CPU seconds (its own and its children's:
run.sh and the JVM), CPU per 1,000 tokens, and wall time.

bench/stream.py measures the same path flat out, the whole body in one write; this one shows what
each event's wake-up, decode and write to the terminal costs at the pace of a fast real model.

    python3 bench/oneshot_paced.py [RUNS] [TOKENS] [PACE] [--pipe]
"""
import os
import subprocess
import sys
import threading
import time

from common import RUN_SH, Loopback, agent_home, median, prepare, temp_home

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if len(ARGS) > 0 else 3
TOKENS = int(ARGS[1]) if len(ARGS) > 1 else 20_000
PACE = float(ARGS[2]) if len(ARGS) > 2 else 2_000.0
PIPE = "--pipe" in sys.argv


def paced_reply(_number, send):
    start = time.perf_counter()
    for i in range(TOKENS):
        due = start + i / PACE
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        send("word ")


def drain(fd, counted):
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        counted[0] += len(data)


def run_once(env):
    """Runs one one-shot; returns (CPU seconds of the process tree, wall seconds, bytes out)."""
    if PIPE:
        read_end, write_end = os.pipe()
    else:
        read_end, write_end = os.openpty()
    counted = [0]
    reader = threading.Thread(target=drain, args=(read_end, counted), daemon=True)
    reader.start()
    before = os.times()
    start = time.perf_counter()
    # run.sh execs the JVM: the process's pid is the JVM's.
    process = subprocess.Popen([RUN_SH, "--no-save", "go"], stdin=subprocess.DEVNULL,
                               stdout=write_end, stderr=subprocess.PIPE, env=env)
    threads = {}
    while process.poll() is None:
        sample_threads(process.pid, threads)
        time.sleep(0.1)
    stderr = process.stderr.read()
    wall = time.perf_counter() - start
    after = os.times()
    os.close(write_end)
    reader.join(5)
    os.close(read_end)
    if process.returncode != 0:
        raise SystemExit(f"agent failed ({process.returncode}): {stderr.decode()}")
    cpu = (after.children_user - before.children_user) + \
          (after.children_system - before.children_system)
    return cpu, wall, counted[0], threads


def sample_threads(pid, threads):
    """Records each thread's name and CPU ticks so far (utime + stime of /proc/PID/task/*/stat)
    into threads, by thread id: the last sample before a thread ends is what it used."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[tid] = (name, int(fields[11]) + int(fields[12]))


def by_name(threads):
    """CPU seconds per thread name (numbered pools folded together)."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = {}
    for name, used in threads.values():
        # okhttp names a dispatcher thread after the call it runs, and back after.
        key = "OkHttp call" if name.startswith("OkHttp ") and "Watchdog" not in name \
            else name.rstrip("0123456789#- ") or name
        totals[key] = totals.get(key, 0) + used / ticks
    return totals


def main():
    prepare()
    server = Loopback(paced_reply)
    try:
        with temp_home() as home:
            env = agent_home(server.port, home)
            run_once(env)  # warm up: page cache, start-up archive
            results = [run_once(env) for _ in range(RUNS)]
    finally:
        server.close()
    cpu = median([r[0] for r in results])
    wall = median([r[1] for r in results])
    out = median([r[2] for r in results])
    load = os.getloadavg()[0]
    print(f"runs: {RUNS}, {TOKENS} tokens at {PACE:,.0f} a second, one event per write, "
          f"to a {'pipe' if PIPE else 'pseudo-terminal'}; load average {load:.1f}")
    print(f"CPU: median {cpu:.2f} s ({1000 * cpu / TOKENS:.3f} s per 1,000 tokens), "
          f"each run: {', '.join(f'{r[0]:.2f}' for r in results)}")
    print(f"wall: median {wall:.2f} s; bytes out: {out:,}")
    names = {}
    for r in results:
        for name, used in by_name(r[3]).items():
            names.setdefault(name, []).append(used)
    print("CPU by thread (median s; sampled every 0.1 s, so the last tenth of a thread is lost):")
    for name, used in sorted(names.items(), key=lambda item: -median(item[1]))[:8]:
        print(f"  {name:<24} {median(used):.2f}")


if __name__ == "__main__":
    main()
