"""The Python side of a handoff run: locks the way the Python tool that file-lock ports does
(open for append, fcntl.flock), and measures like HandoffChild.java does.

Usage: python3 handoff_peer.py LOCK_FILE DATA_FILE WARMUP_MS MEASURE_MS LATENCIES
Stdlib only.
"""
import fcntl
import mmap
import os
import struct
import sys
import time


def run(lock, shared, me, nanos, latencies):
    acquisitions = 0
    handoffs = 0
    end = time.monotonic_ns() + nanos
    while time.monotonic_ns() < end:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            now = time.monotonic_ns()
            last, released = struct.unpack_from("<qq", shared, 0)
            if last != me:
                if last != 0 and latencies is not None:
                    latencies.append(now - released)
                handoffs += 1
                struct.pack_into("<q", shared, 0, me)
            acquisitions += 1
            struct.pack_into("<q", shared, 8, time.monotonic_ns())
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return acquisitions, handoffs


def main():
    lock_path, data_path = sys.argv[1], sys.argv[2]
    warmup, measure = int(sys.argv[3]) * 1_000_000, int(sys.argv[4]) * 1_000_000
    me = os.getpid()
    with open(lock_path, "a") as lock, open(data_path, "r+b") as data:
        shared = mmap.mmap(data.fileno(), 16)
        print("READY", flush=True)
        sys.stdin.readline()
        run(lock, shared, me, warmup, None)
        latencies = []
        acquisitions, handoffs = run(lock, shared, me, measure, latencies)
        with open(sys.argv[5], "w") as out:
            out.write("".join(f"{latency}\n" for latency in latencies))
        print("RESULT", acquisitions, handoffs, flush=True)


if __name__ == "__main__":
    main()
