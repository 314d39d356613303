"""Locks the way the Python tool that file-lock ports does: open for append, fcntl.flock.

Usage:
  python3 pylock.py count LOCK COUNTER N   # N read-increment-writes of COUNTER under the lock
  python3 pylock.py hold LOCK              # lock, print ACQUIRED, release on a line from stdin
  python3 pylock.py try LOCK               # print ACQUIRED (and release) or BUSY, without waiting
Stdlib only.
"""
import fcntl
import sys


def increment(path):
    with open(path, "r+") as f:
        text = f.read().strip()
        value = int(text) if text else 0
        f.seek(0)
        f.truncate()
        f.write(str(value + 1))


def main():
    mode, lock_path = sys.argv[1], sys.argv[2]
    with open(lock_path, "a") as lock:
        if mode == "count":
            counter, n = sys.argv[3], int(sys.argv[4])
            for _ in range(n):
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    increment(counter)
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
            print("DONE", n, flush=True)
        elif mode == "hold":
            fcntl.flock(lock, fcntl.LOCK_EX)
            print("ACQUIRED", flush=True)
            sys.stdin.readline()
            fcntl.flock(lock, fcntl.LOCK_UN)
            print("RELEASED", flush=True)
        elif mode == "try":
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print("BUSY", flush=True)
                return
            fcntl.flock(lock, fcntl.LOCK_UN)
            print("ACQUIRED", flush=True)
        else:
            raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main()
