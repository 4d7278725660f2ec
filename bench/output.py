#!/usr/bin/env python3
"""Bytes written to the terminal per byte of streamed text, following the bottom.

agent's chat runs in a pseudo-terminal (80x24 and 200x60) with a loopback server of this process as
its provider. Each reply is TOKENS tokens of prose (words of 2 to 9 letters and a space, a line
break every 14 words, a blank line every 4 lines: several screens, so the transcript scrolls),
sent at a fixed pace. Every byte agent writes from the reply's first token until its last has been
drawn (and the status line has settled) is counted, against the bytes of the reply's text: the
reference is the text's own size, so 1.0 would be a terminal that received nothing but the text.
Two paces: 100 tokens a second (a fast model; about 3 tokens per frame) and 30 a second (a token
per frame, the costliest case per byte). The first reply of each run warms up and is not counted.

    python3 bench/output.py [REPLIES] [TOKENS]
"""
import json
import sys
import threading
import time

from common import Loopback, agent_home, median, prepare, temp_home
from pty_agent import PtyAgent

REPLIES = int(sys.argv[1]) if len(sys.argv) > 1 else 4
TOKENS = int(sys.argv[2]) if len(sys.argv) > 2 else 400
WORDS = ["to", "the", "stream", "of", "tokens", "arrives", "quickly", "and", "terminal",
         "draws", "each", "frame", "once", "bytes", "counted", "here"]
SIZES = ((80, 24), (200, 60))
PACES = (100, 30)


def tokens(number):
    """The reply's tokens; the last is a word of its own, to see when it has been drawn."""
    out = []
    for k in range(TOKENS - 1):
        word = WORDS[(k * 7 + number) % len(WORDS)]
        line_end = (k + 1) % 14 == 0
        paragraph_end = (k + 1) % 56 == 0
        out.append(word + ("\n\n" if paragraph_end else "\n" if line_end else " "))
    out.append(f"last{number:03d}")
    return out


def run(columns, rows, pace):
    marks = {}
    started = threading.Event()

    def reply(number, send):
        time.sleep(0.3)  # the prompt's own frame is drawn and counted before this
        marks[number] = agent.size()
        started.set()
        for token in tokens(number):
            send(token)
            time.sleep(1 / pace)

    server = Loopback(reply)
    ratios, per_token = [], []
    try:
        with temp_home() as home:
            agent = PtyAgent(agent_home(server.port, home), columns, rows)
            try:
                agent.wait_for(b"Type a message")
                for number in range(1, REPLIES + 1):
                    agent.type(f"p{number}\r")
                    server.wait_done(number, 60)
                    agent.wait_for(f"last{number:03d}".encode(), marks[number])
                    time.sleep(0.5)  # the last frames: the reply's end, the status line
                    written = agent.size() - marks[number]
                    text = sum(len(t.encode()) for t in tokens(number))
                    if number > 1:
                        ratios.append(written / text)
                        per_token.append(written / TOKENS)
            finally:
                agent.quit()
    finally:
        server.close()
    return median(ratios), median(per_token)


def main():
    prepare()
    results = {}
    for pace in PACES:
        for columns, rows in SIZES:
            ratio, per_token = run(columns, rows, pace)
            results[f"{columns}x{rows}@{pace}/s"] = {"bytes_per_text_byte": round(ratio, 2),
                                                    "bytes_per_token": round(per_token, 1)}
    text_per_token = sum(len(t.encode()) for t in tokens(1)) / TOKENS
    print(f"{REPLIES - 1} replies of {TOKENS} tokens ({text_per_token:.1f} bytes of text per token)"
          " per case, medians; reference: the text's own bytes")
    for case, r in results.items():
        print(f"{case:>14}: {r['bytes_per_text_byte']:.2f} bytes written per byte of text"
              f" (target <= 3), {r['bytes_per_token']:.1f} per token")
    print("json: " + json.dumps(results))


if __name__ == "__main__":
    main()
