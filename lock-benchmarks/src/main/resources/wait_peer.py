"""The Python side of the waiting benchmarks (WaitRuns.java): locks the way the Python tool that
file-lock ports does (open for append, blocking fcntl.flock), and measures like WaitChild.java does.

  churn LOCK                 re-acquires in a loop, holding 0.2-1 ms each time, until killed
  hold LOCK                  takes the lock, prints ACQUIRED, releases at the next line on stdin
  wait LOCK WARMUP_MS MS OUT at GO on stdin: every 2 ms, waits for the lock, notes how long, releases;
                             for WARMUP_MS, then for MS; writes the waits (ns) to OUT, prints RESULT <n>
  idle LOCK                  at GO on stdin, waits for the lock once; prints RESULT <cpu ns> 0 <waited ns>
Stdlib only.
"""
import fcntl
import random
import sys
import time

PAUSE_S = 0.002


def churn(lock):
    print("READY", flush=True)
    while True:
        fcntl.flock(lock, fcntl.LOCK_EX)
        time.sleep(random.uniform(0.0002, 0.001))
        fcntl.flock(lock, fcntl.LOCK_UN)


def hold(lock):
    fcntl.flock(lock, fcntl.LOCK_EX)
    print("ACQUIRED", flush=True)
    sys.stdin.readline()
    fcntl.flock(lock, fcntl.LOCK_UN)
    print("RELEASED", flush=True)


def waits(lock, nanos):
    result = []
    end = time.monotonic_ns() + nanos
    while time.monotonic_ns() < end:
        time.sleep(PAUSE_S)
        start = time.monotonic_ns()
        fcntl.flock(lock, fcntl.LOCK_EX)
        result.append(time.monotonic_ns() - start)
        fcntl.flock(lock, fcntl.LOCK_UN)
    return result


def wait(lock, warmup_ms, measure_ms, out):
    print("READY", flush=True)
    sys.stdin.readline()
    waits(lock, warmup_ms * 1_000_000)
    measured = waits(lock, measure_ms * 1_000_000)
    with open(out, "w") as f:
        f.write("".join(f"{w}\n" for w in measured))
    print("RESULT", len(measured), flush=True)


def idle(lock):
    print("READY", flush=True)
    sys.stdin.readline()
    cpu, start = time.process_time_ns(), time.monotonic_ns()
    fcntl.flock(lock, fcntl.LOCK_EX)
    cpu, waited = time.process_time_ns() - cpu, time.monotonic_ns() - start
    fcntl.flock(lock, fcntl.LOCK_UN)
    print("RESULT", cpu, 0, waited, flush=True)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, "a") as lock:
        if mode == "churn":
            churn(lock)
        elif mode == "hold":
            hold(lock)
        elif mode == "wait":
            wait(lock, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
        elif mode == "idle":
            idle(lock)
        else:
            raise SystemExit(f"unknown mode {mode}; use churn, hold, wait or idle")


if __name__ == "__main__":
    main()
