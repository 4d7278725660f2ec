#!/usr/bin/env python3
"""Start-up, against a Java hello-world started the same way, runs interleaved, medians:

  * in tmux (200x60): from the command being started until capture-pane shows the whole first
    chat screen (top bar, hint, prompt, key line), and until it shows `agent --version`'s line;
    the hello-world is started in tmux too, until its line shows. The windows are opened and the
    pane read through one tmux client in control mode (`tmux -C`), not a tmux process per look: on
    a machine of two cores, starting a process every 2 ms took a good part of a core from the
    process measured, and the more so the longer it ran (the chat more than the hello-world);
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


class Control:
    """One tmux client in control mode: commands in, their output back, no process per command."""

    def __init__(self, session):
        self.client = subprocess.Popen(["tmux", "-L", SOCKET, "-C", "attach", "-t", session],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def run(self, command):
        """Runs one tmux command; returns its output lines (notifications between are skipped)."""
        self.client.stdin.write(command + "\n")
        self.client.stdin.flush()
        line = self.client.stdout.readline()
        while not line.startswith("%begin "):
            if not line:
                raise SystemExit("tmux's control client ended")
            line = self.client.stdout.readline()
        output = []
        line = self.client.stdout.readline()
        while not (line.startswith("%end ") or line.startswith("%error ")):
            output.append(line.rstrip("\n"))
            line = self.client.stdout.readline()
        if line.startswith("%error "):
            raise SystemExit(f"tmux: {command}: {' '.join(output)}")
        return output

    def close(self):
        self.client.stdin.close()
        self.client.wait(timeout=5)


def quoted(command):
    """command as one single-quoted word of tmux's command language."""
    return "'" + command.replace("'", "'\\''") + "'"


def time_in_tmux(control, command, markers, name):
    """Seconds from starting command in a new tmux window until the pane shows every marker."""
    start = time.perf_counter()
    # The pane stays open a while after a command that ends, for its last line to be read.
    control.run(f"new-window -d -t bench: -n {name} {quoted(command + '; sleep 5')}")
    deadline = start + 30
    while True:
        screen = "\n".join(control.run(f"capture-pane -p -t bench:{name}"))
        if all(marker in screen for marker in markers):
            elapsed = time.perf_counter() - start
            break
        if time.perf_counter() > deadline:
            raise SystemExit(f"{command}: the screen never showed {markers}:\n{screen}")
        time.sleep(0.002)
    control.run(f"send-keys -t bench:{name} C-q")
    time.sleep(0.05)
    control.run(f"kill-window -t bench:{name}")
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
        control = Control("bench")
        try:
            samples = {k: [] for k in ("hello_tmux", "chat_tmux", "version_tmux", "hello_wall",
                                       "hello_cpu", "version_wall", "version_cpu")}
            # Warm the file cache and the JIT-less paths once.
            time_in_tmux(control, hello_cmd, ["hello, world"], "warm1")
            time_in_tmux(control, chat, CHAT_SCREEN, "warm2")
            measure(hello), measure([RUN_SH, "--version"], env=env)
            for i in range(RUNS):
                samples["hello_tmux"].append(time_in_tmux(control, hello_cmd, ["hello, world"], f"h{i}"))
                samples["chat_tmux"].append(time_in_tmux(control, chat, CHAT_SCREEN, f"c{i}"))
                samples["version_tmux"].append(time_in_tmux(control, version, ["agent 0.1.0"], f"v{i}"))
                wall, cpu = measure(hello)
                samples["hello_wall"].append(wall)
                samples["hello_cpu"].append(cpu)
                wall, cpu = measure([RUN_SH, "--version"], env=env)
                samples["version_wall"].append(wall)
                samples["version_cpu"].append(cpu)
        finally:
            control.close()
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
