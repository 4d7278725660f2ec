#!/usr/bin/env python3
"""Start-up, against a Java hello-world started the same way, runs interleaved, medians:

  * in tmux (200x60): from the command being started until capture-pane shows the whole first
    chat screen (top bar, hint, prompt, key line), and until it shows `agent --version`'s line;
    the hello-world is started in tmux too, until its line shows;
  * as a plain process: wall and CPU time of `agent --version` and of the hello-world.

agent is started through ./run.sh, as users start it (its archive prepared beforehand). The chat's
default provider is a loopback server, so the model list is fetched as it would be.

    python3 bench/startup.py [RUNS]
"""
import json
import os
import shlex
import subprocess
import sys
import time

from common import Loopback, RUN_SH, agent_home, hello_world, measure, median, prepare, temp_home

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
SOCKET = f"agent-bench-{os.getpid()}"
# The top bar, the transcript's hint, the prompt and the status line's last hint (drawn last).
CHAT_SCREEN = ("model: bench-model", "Ask anything", "Type a message", "Alt+Enter newline")


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=check,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout


def time_in_tmux(command, markers, name):
    """Seconds from starting command in a new tmux window until the pane shows every marker."""
    start = time.perf_counter()
    # The pane stays open a while after a command that ends, for its last line to be read.
    tmux("new-window", "-d", "-t", "bench", "-n", name, command + "; sleep 5")
    deadline = start + 30
    while True:
        screen = tmux("capture-pane", "-p", "-t", f"bench:{name}", check=False)
        if all(marker in screen for marker in markers):
            elapsed = time.perf_counter() - start
            break
        if time.perf_counter() > deadline:
            raise SystemExit(f"{command}: the screen never showed {markers}:\n{screen}")
        time.sleep(0.002)
    tmux("send-keys", "-t", f"bench:{name}", "C-q")
    time.sleep(0.05)
    tmux("kill-window", "-t", f"bench:{name}", check=False)
    return elapsed


def main():
    prepare()
    server = Loopback(lambda number, send: send("hello"))
    with temp_home() as home, temp_home() as classes:
        env = agent_home(server.port, home)
        hello = hello_world(classes)
        exports = " ".join(f"{k}={shlex.quote(env[k])}" for k in ("AGENT_HOME", "LANG"))
        chat = f"env {exports} {shlex.quote(RUN_SH)}"
        version = f"env {exports} {shlex.quote(RUN_SH)} --version"
        hello_cmd = " ".join(shlex.quote(part) for part in hello)
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "200", "-y", "60")
        try:
            samples = {k: [] for k in ("hello_tmux", "chat_tmux", "version_tmux", "hello_wall",
                                       "hello_cpu", "version_wall", "version_cpu")}
            # Warm the file cache and the JIT-less paths once.
            time_in_tmux(hello_cmd, ["hello, world"], "warm1")
            time_in_tmux(chat, CHAT_SCREEN, "warm2")
            measure(hello), measure([RUN_SH, "--version"], env=env)
            for i in range(RUNS):
                samples["hello_tmux"].append(time_in_tmux(hello_cmd, ["hello, world"], f"h{i}"))
                samples["chat_tmux"].append(time_in_tmux(chat, CHAT_SCREEN, f"c{i}"))
                samples["version_tmux"].append(time_in_tmux(version, ["agent 0.1.0"], f"v{i}"))
                wall, cpu = measure(hello)
                samples["hello_wall"].append(wall)
                samples["hello_cpu"].append(cpu)
                wall, cpu = measure([RUN_SH, "--version"], env=env)
                samples["version_wall"].append(wall)
                samples["version_cpu"].append(cpu)
        finally:
            tmux("kill-server", check=False)
            server.close()
    m = {k: median(v) for k, v in samples.items()}
    print(f"runs: {RUNS} (interleaved), medians")
    print(f"tmux, hello-world line shown:        {m['hello_tmux'] * 1000:6.0f} ms")
    print(f"tmux, first complete chat screen:    {m['chat_tmux'] * 1000:6.0f} ms"
          f"  = {m['chat_tmux'] / m['hello_tmux']:.2f}x the hello-world (target <= 3x)")
    print(f"tmux, agent --version line shown:    {m['version_tmux'] * 1000:6.0f} ms"
          f"  = {m['version_tmux'] / m['hello_tmux']:.2f}x the hello-world (target <= 3x)")
    print(f"process, hello-world:     wall {m['hello_wall'] * 1000:5.0f} ms, CPU {m['hello_cpu'] * 1000:5.0f} ms")
    print(f"process, agent --version: wall {m['version_wall'] * 1000:5.0f} ms, CPU {m['version_cpu'] * 1000:5.0f} ms"
          f"  = {m['version_wall'] / m['hello_wall']:.2f}x wall, {m['version_cpu'] / m['hello_cpu']:.2f}x CPU")
    print("json: " + json.dumps({k: round(v, 4) for k, v in m.items()}))


if __name__ == "__main__":
    main()
