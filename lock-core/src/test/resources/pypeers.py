"""Locks the way users of Debian's Python lock libraries do: py-filelock (python3-filelock), which
opens the lock file with O_TRUNC on every attempt, and portalocker (python3-portalocker), whose Lock
opens it for appending and polls a non-blocking flock.

Needs pylock.py beside it (for increment).

Usage:
  python3 pypeers.py LIBRARY count LOCK COUNTER N   # N read-increment-writes of COUNTER under the lock
  python3 pypeers.py LIBRARY hold LOCK              # lock, print ACQUIRED, release on a line from stdin
LIBRARY is filelock or portalocker.
"""
import sys

from pylock import increment


def make_lock(library, lock_path):
    if library == "filelock":
        import filelock
        return filelock.FileLock(lock_path)
    if library == "portalocker":
        import portalocker
        # Its defaults give up after 5 s and poll every 0.25 s; a counting peer waits as long as it takes.
        return portalocker.Lock(lock_path, timeout=60, check_interval=0.001)
    raise SystemExit("unknown library " + library)


def main():
    library, mode, lock_path = sys.argv[1], sys.argv[2], sys.argv[3]
    lock = make_lock(library, lock_path)
    if mode == "count":
        counter, n = sys.argv[4], int(sys.argv[5])
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
