"""Shared by the benchmark scripts: where things are, and how to run a command and measure it."""
import os
import resource
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "agent.jar")
# The same JVM flags as run.sh, so the figures are what users get.
JAVA = ["java", "-XX:+UseSerialGC"]


def ensure_jar():
    if not os.path.exists(JAR):
        subprocess.run(["mvn", "-B", "-q", "-f", os.path.join(ROOT, "pom.xml"),
                        "-DskipTests", "package"], check=True)


def measure(cmd, stdin=None, env=None):
    """Runs cmd once; returns (wall seconds, CPU seconds of the child, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()}")
    return wall, cpu


def median(values):
    return statistics.median(values)
