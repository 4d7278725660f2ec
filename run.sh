#!/bin/sh
# Builds target/agent.jar when it is missing or older than the sources, then runs it with every
# argument passed through. Works from any directory.
#   ./run.sh [agent options] [PROMPT...]   run agent (builds first when needed)
#   ./run.sh test                          run the whole test suite (mvn -B verify)
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
jar="$here/target/agent.jar"

if [ "${1:-}" = "test" ]; then
  shift
  exec mvn -B -f "$here/pom.xml" verify "$@"
fi

if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print 2>/dev/null | head -n 1)" ]; then
  echo "agent: building $jar (first run or sources changed)..." >&2
  mvn -B -q -f "$here/pom.xml" -DskipTests package >&2
fi

# Serial GC: a single-user interactive tool wants a small heap and no GC threads more than speed.
exec java -XX:+UseSerialGC ${AGENT_JAVA_OPTS:-} -jar "$jar" "$@"
