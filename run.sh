#!/bin/sh
# Builds target/agent.jar when it is missing or older than the sources, then runs it with every
# argument passed through. Works from any directory.
#   ./run.sh [agent options] [PROMPT...]   run agent (builds first when needed)
#   ./run.sh test                          run the whole test suite (mvn -B verify)
#
# Start-up: after a build, a training run (java -jar agent.jar --startup-training) records the
# classes a start loads, and they go into a class-data archive (JDK 17 to 23: target/agent.jsa)
# or an ahead-of-time cache (JDK 24 and later: target/agent.aot) that later starts map instead of
# loading them from the jar. target/agent.launch says which, for which java; it is made again when
# the jar or the java changes. A JVM that cannot use the archive (another build of the JDK, say)
# starts without it, silently. The java is $JAVA_HOME/bin/java when JAVA_HOME is set, else the one
# on the PATH. AGENT_JAVA_OPTS adds JVM options.
set -eu
# The folder of this script, without starting dirname: run.sh is on the path of every start.
case $0 in */*) here=${0%/*}; here=${here:-/} ;; *) here=. ;; esac
here=$(CDPATH= cd -- "$here" && pwd)
target="$here/target"
jar="$target/agent.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
launch="$target/agent.launch"

if [ "${1:-}" = "test" ]; then
  shift
  exec mvn -B -f "$here/pom.xml" verify "$@"
fi

# Whether a file under the arguments is newer than the jar. In the shell alone: find, and the
# subshell that reads its answer, cost two processes on every start.
newer_than_jar() {
  for f in "$@"; do
    if [ -d "$f" ]; then
      newer_than_jar "$f"/* && return 0
    elif [ "$f" -nt "$jar" ]; then
      return 0
    fi
  done
  return 1
}

if [ ! -f "$jar" ] || newer_than_jar "$here/pom.xml" "$here/src/main" "$here/themes"; then
  echo "agent: building $jar (first run or sources changed)..." >&2
  mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
fi

# Records the classes of a training run into an archive for this java; on any failure, notes that
# this java starts without one, so the next start does not try again.
prepare() {
  echo "agent: preparing faster start-up for this java (once per build)..." >&2
  version=$("$java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
  mode=none
  tmp="$target/agent.$$"
  if [ "${version:-0}" -ge 24 ]; then
    if "$java" -XX:AOTMode=record -XX:AOTConfiguration="$tmp.aotconf" \
         -jar "$jar" --startup-training >/dev/null 2>&1 \
       && "$java" -XX:AOTMode=create -XX:AOTConfiguration="$tmp.aotconf" \
         -XX:AOTCache="$tmp.aot" -jar "$jar" >/dev/null 2>&1; then
      mv -f "$tmp.aot" "$target/agent.aot" && mode=aot
    fi
  elif [ "${version:-0}" -ge 17 ]; then
    # A static archive: the dynamic one of JDK 17 leaves out picocli, whose classes are Java 5's.
    if "$java" -XX:DumpLoadedClassList="$tmp.classlist" \
         -jar "$jar" --startup-training >/dev/null 2>&1 \
       && "$java" -Xshare:dump -XX:SharedClassListFile="$tmp.classlist" \
         -XX:SharedArchiveFile="$tmp.jsa" -cp "$jar" >/dev/null 2>&1; then
      mv -f "$tmp.jsa" "$target/agent.jsa" && mode=cds
    fi
  fi
  rm -f "$tmp".*
  printf '%s\n%s\n' "$java" "$mode" >"$tmp" && mv -f "$tmp" "$launch"
}

for_java="" mode=none
if [ -f "$launch" ] && [ ! "$jar" -nt "$launch" ]; then
  { IFS= read -r for_java && IFS= read -r mode; } <"$launch" || true
fi
if [ "$for_java" != "$java" ]; then
  prepare
fi

# The archive, if any, and JVM warnings on standard error (never in a reply piped from stdout).
# The class-data archive is mapped where it was made to be: JDK 17.0.15 maps it at a random address
# by default (ArchiveRelocationMode=1) and then rewrites every pointer in its 35 MB, 40 to 80 ms of
# each start on this machine (-Xlog:startuptime's "Genesis"); where that address is taken, the JVM
# still relocates it.
case $mode in
  cds) set -- -XX:SharedArchiveFile="$target/agent.jsa" -XX:+UnlockDiagnosticVMOptions \
         -XX:ArchiveRelocationMode=0 '-Xlog:cds*=off:stderr' -jar "$jar" "$@" ;;
  aot) set -- -XX:AOTCache="$target/agent.aot" '-Xlog:cds*=off:stderr' '-Xlog:aot*=off:stderr' -jar "$jar" "$@" ;;
  *) set -- -jar "$jar" "$@" ;;
esac
# An interactive tool: the serial collector and a small young generation keep the resident size
# low and the pauses short (16 MB: with 8 the first collection, 15 to 20 ms, fell within the
# start, before the first frame); the client compiler alone, on one thread, compiles fast, where
# the server compiler's work costs more CPU than it saves in a run of seconds and a second thread
# competes with the start for a core; no perf-data file (its sampler wakes 20 times a second); and
# no timers of the JVM's own while the chat is idle: no safepoint every second when nothing needs
# one, and idle locks looked over once a minute instead of four times a second.
# shellcheck disable=SC2086
exec "$java" -XX:+UseSerialGC -Xmn16m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData \
  -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=60000 \
  -Xlog:disable -Xlog:all=warning:stderr ${AGENT_JAVA_OPTS:-} "$@"
