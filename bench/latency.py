#!/usr/bin/env python3
"""Time for a streamed token to reach the screen, against the frame interval (33 ms).

agent's chat runs in a pseudo-terminal (200x60) with a loopback server of this process as its
provider. Each token is a word of its own (w<reply><token>); the server notes when it writes a
token's chunk to the socket, the pty reader when the word arrives in agent's output, the bytes a
terminal would draw. Latency = arrival - write. Two paces: a quiet stream (a token every 50-150 ms,
random, so tokens land anywhere between frames) and a fast one (a token every 10 ms, 100 tokens/s:
the frame limiter holds tokens for the next frame). The first reply only warms up. And the first
token of the first reply of a chat just started, FIRST_RUNS starts: the prompt is typed a second
after the chat shows, the server sends its first token 0.3 s after the request.

    python3 bench/latency.py [REPLIES] [TOKENS_PER_REPLY] [FIRST_RUNS]
"""
import json
import random
import sys
import time

from common import FRAME_INTERVAL, Loopback, agent_home, median, prepare, temp_home
from pty_agent import PtyAgent

REPLIES = int(sys.argv[1]) if len(sys.argv) > 1 else 6
TOKENS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
FIRST_RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 7


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(pace, seed):
    rng = random.Random(seed)
    sent = {}

    def reply(number, send):
        for k in range(TOKENS):
            time.sleep(pace(rng))
            word = f"w{number:02d}{k:03d}"
            sent[word] = time.perf_counter()  # noted first: the word may show before send returns
            send(word + " ")

    server = Loopback(reply)
    latencies = []
    try:
        with temp_home() as home:
            agent = PtyAgent(agent_home(server.port, home), 200, 60)
            try:
                agent.wait_for(b"Type a message")
                for number in range(1, REPLIES + 1):
                    offset = agent.size()
                    agent.type(f"p{number}\r")
                    for k in range(TOKENS):
                        word = f"w{number:02d}{k:03d}"
                        seen, offset = agent.wait_for(word.encode(), offset)
                        if number > 1:
                            latencies.append(seen - sent[word])
                    server.wait_done(number, 10)
                    time.sleep(0.2)  # the reply's end reaches the screen before the next prompt
            finally:
                agent.quit()
    finally:
        server.close()
    return latencies


def first_prompt(runs, typing):
    """The first token of the first reply of a new chat: agent is started afresh each run, the
    prompt typed `typing` seconds after the chat shows it (a person takes a while to type), and the
    server sends the first token 0.3 s after the request, then a few more. Returns the latencies of
    the first tokens."""
    sent = {}

    def reply(number, send):
        time.sleep(0.3)
        for k in range(3):
            word = f"f{number:02d}{k:03d}"
            sent[word] = time.perf_counter()
            send(word + " ")
            time.sleep(0.05)

    latencies = []
    for _ in range(runs):
        server = Loopback(reply)
        try:
            with temp_home() as home:
                agent = PtyAgent(agent_home(server.port, home), 200, 60)
                try:
                    agent.wait_for(b"Type a message")
                    time.sleep(typing)
                    offset = agent.size()
                    agent.type("p1\r")
                    seen, _ = agent.wait_for(b"f01000", offset)
                    latencies.append(seen - sent["f01000"])
                    server.wait_done(1, 10)
                finally:
                    agent.quit()
        finally:
            server.close()
    return latencies


def main():
    prepare()
    results = {}
    samples = first_prompt(FIRST_RUNS, 1.0)
    results["first"] = {"median_ms": round(median(samples) * 1000, 1),
                        "p90_ms": round(percentile(samples, 90) * 1000, 1),
                        "max_ms": round(max(samples) * 1000, 1), "samples": len(samples)}
    for name, pace in (("quiet", lambda rng: rng.uniform(0.05, 0.15)),
                       ("fast", lambda rng: 0.01)):
        samples = run(pace, 7)
        results[name] = {"median_ms": round(median(samples) * 1000, 1),
                         "p90_ms": round(percentile(samples, 90) * 1000, 1),
                         "max_ms": round(max(samples) * 1000, 1), "samples": len(samples)}
    print(f"frame interval: {FRAME_INTERVAL * 1000:.0f} ms; {REPLIES - 1} replies of {TOKENS}"
          " tokens measured per pace (one more warms up)")
    for name, r in results.items():
        if name == "first":
            print(f"first token of a new chat's first reply ({r['samples']} starts, the prompt"
                  f" typed 1 s after the chat shows): median {r['median_ms']} ms,"
                  f" p90 {r['p90_ms']} ms, max {r['max_ms']} ms (target <= 30 ms)")
            continue
        print(f"{name:5} stream: token to screen median {r['median_ms']} ms, p90 {r['p90_ms']} ms,"
              f" max {r['max_ms']} ms = {r['median_ms'] / (FRAME_INTERVAL * 1000):.2f} frame"
              f" intervals (median), {r['p90_ms'] / (FRAME_INTERVAL * 1000):.2f} (p90)")
    print("json: " + json.dumps(results))


if __name__ == "__main__":
    main()
