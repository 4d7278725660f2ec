#!/usr/bin/env python3
"""Start-up of two or more builds of agent against a Java hello-world, in rounds: each round starts
the hello-world and then each build in turn (the order reversed every other round), so the
machine's noise hits them alike. A build is a run.sh of its own, with the jar (and the archive it
prepares) beside it: copy run.sh and target/agent.jar of each build into a folder of its own.

  * In a pseudo-terminal of 200x60, as a terminal emulator runs it: from the command being
    started until the status line's last hint, drawn last in the first frame, arrives; and the
    CPU the JVM has used by then, each thread's, read from /proc/PID/task/*/schedstat at that
    moment (nanoseconds, where the ticks of /proc/PID/stat are 10 ms), and how long each thread
    waited in the run queue for a core (the file's second field): on two cores, the time a start's
    threads take from each other. The hello-world is started in the same pseudo-terminal, until
    its line arrives.
  * With --version: `run.sh --version` as a plain process, its wall and CPU time (getrusage).

    python3 bench/startup_pairs.py ROUNDS NAME=PATH/run.sh [NAME=PATH/run.sh...] [--version]

Under load, run it at a higher priority for both sides alike (`nice -n -15`, as root).
"""
import fcntl
import os
import re
import resource
import select
import statistics
import struct
import subprocess
import sys
import termios
import time

from common import Loopback, agent_home, hello_world, temp_home

READY = b"Alt+Enter newline"  # the status line's last hint
HELLO = b"hello, world"


def threads_cpu(pid):
    """CPU seconds of each live thread of pid, and the seconds each waited in the run queue for a
    core (schedstat's second field), threads of one name (less its number) added up."""
    per, waits = {}, {}
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return per, waits
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                name = re.sub(r"[#\d]+$", "", f.read().strip())
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                fields = f.read().split()
        except OSError:
            continue
        per[name] = per.get(name, 0) + int(fields[0]) / 1e9
        waits[name] = waits.get(name, 0) + int(fields[1]) / 1e9
    return per, waits


def start_in_pty(cmd, env, needle):
    """Starts cmd in a new pseudo-terminal; returns (seconds until needle arrived, threads' CPU
    then), and quits it (Ctrl+Q) or lets it end."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))

    def controlling_terminal():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                               start_new_session=True, preexec_fn=controlling_terminal,
                               close_fds=True)
    os.close(slave)
    output = bytearray()
    while needle not in output:
        if not select.select([master], [], [], 30)[0]:
            raise SystemExit(f"{cmd}: nothing for 30 s:\n{output[-500:]!r}")
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            raise SystemExit(f"{cmd}: ended before {needle!r}:\n{output[-500:]!r}")
        output += data
    elapsed = time.perf_counter() - start
    cpu, waits = threads_cpu(process.pid)  # run.sh execs java: the same process
    if needle == READY:
        os.write(master, b"\x11")
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    os.close(master)
    return elapsed, cpu, waits


def run_process(cmd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def quartiles(values):
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return f"{statistics.median(values) * 1000:.0f} ms ({q[0] * 1000:.0f}-{q[2] * 1000:.0f})"


def main():
    args = [a for a in sys.argv[1:] if a != "--version"]
    version = "--version" in sys.argv[1:]
    rounds = int(args[0])
    builds = [tuple(a.split("=", 1)) for a in args[1:]]
    server = Loopback(lambda number, send: send("hello"))
    with temp_home() as home, temp_home() as classes:
        env = agent_home(server.port, home)
        hello = hello_world(classes)
        walls = {name: [] for name in ["hello"] + [b[0] for b in builds]}
        cpus = {name: [] for name in walls}
        threads = {name: [] for name in walls}
        queued = {name: [] for name in walls}
        for name, run_sh in builds:  # each prepares its archive, and the file cache warms
            subprocess.run([run_sh, "--version"], env=env, stdout=subprocess.DEVNULL, check=True)
        for i in range(rounds):
            order = builds if i % 2 == 0 else builds[::-1]
            if version:
                wall, cpu = run_process(hello, env)
                walls["hello"].append(wall)
                cpus["hello"].append(cpu)
                for name, run_sh in order:
                    wall, cpu = run_process([run_sh, "--version"], env)
                    walls[name].append(wall)
                    cpus[name].append(cpu)
                continue
            walls["hello"].append(start_in_pty(hello, env, HELLO)[0])
            for name, run_sh in order:
                wall, per, waits = start_in_pty([run_sh], env, READY)
                walls[name].append(wall)
                cpus[name].append(sum(per.values()))
                threads[name].append(per)
                queued[name].append(waits)
    server.close()
    hello_median = statistics.median(walls["hello"])
    what = "run.sh --version as a process" if version else "first chat screen in a 200x60 pty"
    print(f"{what}, {rounds} rounds, load average {os.getloadavg()[0]:.1f}")
    print(f"{'hello':>10}: wall {quartiles(walls['hello'])}"
          + (f", CPU {quartiles(cpus['hello'])}" if version else ""))
    for name, _ in builds:
        ratios = [a / b for a, b in zip(walls[name], walls["hello"])]
        print(f"{name:>10}: wall {quartiles(walls[name])}, {statistics.median(ratios):.2f}x the"
              f" hello-world (median of the rounds' ratios); CPU {quartiles(cpus[name])}")
        if threads[name]:
            names = {n for per in threads[name] for n in per}
            top = sorted(((statistics.median([per.get(n, 0) for per in threads[name]]), n)
                          for n in names), reverse=True)[:4]
            print(" " * 12 + "by thread: " + ", ".join(f"{n} {v * 1000:.0f} ms" for v, n in top))
            waited = [(statistics.median([w.get(n, 0) for w in queued[name]]), n) for _, n in top]
            print(" " * 12 + "waited for a core: "
                  + ", ".join(f"{n} {v * 1000:.0f} ms" for v, n in waited))


if __name__ == "__main__":
    main()
