#!/usr/bin/env python3
"""Cost of one frame at 200x60 with 1, 100 and 10,000 messages in the conversation: the JMH
benchmark src/jmh/java/dev/agent/tui/FrameBenchmark.java (built with `mvn -Pjmh`), run with the
JVM flags of run.sh. Reports the average time per frame and the bytes allocated per frame (JMH's
gc profiler: a figure the machine's noise does not move), each against the 1-message case.

    python3 bench/frame.py [extra JMH arguments, e.g. -f 2 -i 10]
"""
import json
import os
import subprocess
import sys

from common import ROOT

FLAGS = "-XX:+UseSerialGC -Xmn16m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"  # as run.sh starts agent


def main():
    classpath_file = os.path.join(ROOT, "target", "jmh.classpath")
    subprocess.run(["mvn", "-B", "-q", "-f", os.path.join(ROOT, "pom.xml"), "-Pjmh",
                    "-DskipTests", "test-compile", "dependency:build-classpath",
                    f"-Dmdep.outputFile={classpath_file}", "-Dmdep.includeScope=test"],
                   check=True)
    with open(classpath_file) as f:
        classpath = ":".join([os.path.join(ROOT, "target", "test-classes"),
                              os.path.join(ROOT, "target", "classes"), f.read().strip()])
    result_file = os.path.join(ROOT, "target", "jmh-frame.json")
    subprocess.run(["java", "-cp", classpath, "org.openjdk.jmh.Main", "FrameBenchmark",
                    "-jvmArgs", FLAGS, "-prof", "gc", "-rf", "json", "-rff", result_file,
                    *sys.argv[1:]], check=True)
    with open(result_file) as f:
        results = json.load(f)
    rows = {}
    for r in results:
        messages = int(r["params"]["messages"])
        alloc = r["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score")
        rows[messages] = {"us_per_frame": round(r["primaryMetric"]["score"], 1),
                          "error_us": round(r["primaryMetric"]["scoreError"], 1),
                          "bytes_allocated_per_frame": round(alloc) if alloc else None}
    base = rows[min(rows)]
    print("frame at 200x60, following the bottom, flags: " + FLAGS)
    for messages, row in sorted(rows.items()):
        ratio = row["us_per_frame"] / base["us_per_frame"]
        alloc_ratio = (row["bytes_allocated_per_frame"] / base["bytes_allocated_per_frame"]
                       if row["bytes_allocated_per_frame"] else float("nan"))
        print(f"{messages:6} messages: {row['us_per_frame']:8.1f} us/frame (+-{row['error_us']})"
              f" = {ratio:.2f}x the 1-message frame (target <= 1.5x);"
              f" {row['bytes_allocated_per_frame']:,} B allocated = {alloc_ratio:.2f}x")
    print("json: " + json.dumps(rows))


if __name__ == "__main__":
    main()
