"""Runs agent's chat screen in a pseudo-terminal of a given size, as a terminal emulator would: the
bench reads every byte agent writes (timed as it arrives), types keys, and reads the process's
memory. Used by latency.py, output.py and memory.py."""
import fcntl
import os
import struct
import subprocess
import termios
import threading
import time

from common import RUN_SH


class PtyAgent:
    def __init__(self, env, columns, rows, args=()):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.master = master
        self.output = bytearray()
        self.arrivals = []  # (time, length of output after this read)
        self.lock = threading.Condition()
        self.closed = False

        def controlling_terminal():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [RUN_SH, *args], stdin=slave, stdout=slave, stderr=slave, env=env,
            start_new_session=True, preexec_fn=controlling_terminal, close_fds=True)
        os.close(slave)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            now = time.perf_counter()
            with self.lock:
                if not data:
                    self.closed = True
                    self.lock.notify_all()
                    return
                self.output += data
                self.arrivals.append((now, len(self.output)))
                self.lock.notify_all()

    def wait_for(self, needle, start=0, timeout=20.0):
        """Waits until needle (bytes) appears in the output at or after offset start; returns the
        time the read that completed it arrived, and the offset just past it."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                at = self.output.find(needle, start)
                if at >= 0:
                    end = at + len(needle)
                    for when, length in self.arrivals:
                        if length >= end:
                            return when, end
                if self.closed:
                    raise RuntimeError(f"agent exited before {needle!r} appeared:\n"
                                       + self.output[-2000:].decode(errors="replace"))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"{needle!r} did not appear in {timeout} s; the last "
                                       "output was:\n" + self.output[-2000:].decode(errors="replace"))
                self.lock.wait(left)

    def size(self):
        with self.lock:
            return len(self.output)

    def type(self, text):
        os.write(self.master, text.encode())

    def quit(self):
        """Ctrl+Q, then waits for the process to end."""
        try:
            self.type("\x11")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            self.reader.join(timeout=5)
            os.close(self.master)
