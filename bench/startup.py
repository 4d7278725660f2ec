#!/usr/bin/env python3
"""Start-up: `agent --version` against a Java hello-world started the same way, interleaved so
that the machine's noise hits both alike. Prints medians and the ratio.

    python3 bench/startup.py [RUNS]
"""
import os
import subprocess
import sys
import tempfile

from common import JAR, JAVA, ensure_jar, measure, median

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def hello_jar(folder):
    src = os.path.join(folder, "Hello.java")
    with open(src, "w") as f:
        f.write('public class Hello { public static void main(String[] a) {'
                ' System.out.println("hello"); } }')
    subprocess.run(["javac", "-d", folder, src], check=True)
    return ["-cp", folder, "Hello"]


def main():
    ensure_jar()
    with tempfile.TemporaryDirectory() as folder:
        hello = JAVA + hello_jar(folder)
        agent = JAVA + ["-jar", JAR, "--version"]
        measure(hello), measure(agent)  # warm the file cache
        walls = {"hello": [], "agent": []}
        for _ in range(RUNS):
            walls["hello"].append(measure(hello)[0])
            walls["agent"].append(measure(agent)[0])
    h, a = median(walls["hello"]), median(walls["agent"])
    print(f"runs: {RUNS}")
    print(f"java hello-world: median {h * 1000:.0f} ms")
    print(f"agent --version:  median {a * 1000:.0f} ms")
    print(f"ratio: {a / h:.2f}x the hello-world")


if __name__ == "__main__":
    main()
