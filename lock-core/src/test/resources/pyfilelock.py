"""Locks with py-filelock (Debian's python3-filelock), which opens the lock file with O_TRUNC.

Needs pylock.py beside it (for increment).

Usage:
  python3 pyfilelock.py count LOCK COUNTER N   # N read-increment-writes of COUNTER under the lock
  python3 pyfilelock.py hold LOCK              # lock, print ACQUIRED, release on a line from stdin
"""
import sys

import filelock

from pylock import increment


def main():
    mode, lock_path = sys.argv[1], sys.argv[2]
    lock = filelock.FileLock(lock_path)
    if mode == "count":
        counter, n = sys.argv[3], int(sys.argv[4])
        for _ in range(n):
            with lock:
                increment(counter)
        print("DONE", n, flush=True)
    elif mode == "hold":
        with lock:
            print("ACQUIRED", flush=True)
            sys.stdin.readline()
        print("RELEASED", flush=True)
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main()
