"""The Python tool's shared-memory lock, as its users run it, for PythonMmapLock's interop tests.

MemoryShareLock and file_lock below do what the tool's class and decorator do (py-filelock's
FileLock on <file>.lock, mmap of the whole file, "1" at offset 0 then the prefix after acquiring,
the suffix then "0" before releasing), with one change the tool's users must make to share the
region with Java: the file is opened "r+" (as the decorator does), never "w+", which truncates it
on every entry. The first process creates the file at its length, under the lock.
The counter is a little-endian signed 64-bit number at offset 8: struct.pack('<q'), which is
SharedRegion.putLong in Java.

Usage (needs py-filelock, e.g. Debian's python3-filelock):
  pymmap.py count FILE LENGTH N FORM  FORM class|decorator: N increments of the counter; prints
                                      READY once the file is open, starts on a line from stdin,
                                      prints DONE N bad=K, K counting
                                      holds whose flag was wrong (not "0"/unset at acquisition, or
                                      not "1" inside a class-form hold)
  pymmap.py sample FILE LENGTH N      N times: takes the lock in decorator form (no flag) and reads
                                      the flag, which must not be "1"; prints SAMPLED N bad=K
  pymmap.py hold FILE LENGTH          class form: acquires, prints HELD, releases on a line from
                                      stdin, prints RELEASED
  pymmap.py try FILE LENGTH           class form without waiting: prints ACQUIRED (and releases)
                                      or BUSY
  pymmap.py peek FILE                 prints FLAG and the byte at offset 0, without locking
"""
import mmap
import os
import struct
import sys

from filelock import FileLock, Timeout

COUNTER_AT = 8
HELD, FREE = b"1", b"0"


def open_region(file_name, length):
    if not os.path.exists(file_name) or os.path.getsize(file_name) == 0:
        with FileLock(file_name + ".lock"):
            with open(file_name, "ab") as f:
                if f.tell() == 0:
                    f.write(b"\0" * length)
    return open(file_name, "r+b")


class MemoryShareLock:
    """One instance per file name, as the tool's class: a second construction returns the first."""
    _instances = {}

    def __new__(cls, file_name, length, desc="", timeout=-1):
        if file_name not in cls._instances:
            lock = super().__new__(cls)
            lock.file_name, lock.length, lock.desc, lock.timeout = file_name, length, desc, timeout
            lock.prefix, lock.suffix = None, None
            lock.lock = FileLock(file_name + ".lock", timeout=timeout)
            cls._instances[file_name] = lock
        return cls._instances[file_name]

    def __enter__(self):
        self.file = open_region(self.file_name, self.length)
        self.mm = mmap.mmap(self.file.fileno(), self.length)
        self.lock.acquire(timeout=self.timeout)
        self.seen_at_acquire = self.mm[0:1]  # instrumentation: what the last holder left
        self.prefix_treatment()
        return self

    def __exit__(self, *exc):
        self.suffix_treatment()
        self.mm.flush()
        self.mm.close()
        self.file.close()
        self.lock.release()
        return False

    def prefix_treatment(self):
        self.mm.seek(0)
        self.mm.write(HELD)
        if self.prefix:
            self.prefix(self.mm)

    def suffix_treatment(self):
        if self.suffix:
            self.suffix(self.mm)
        self.mm.seek(0)
        self.mm.write(FREE)


def file_lock(file_name, length, prefix=None, suffix=None, timeout=-1):
    """The tool's decorator: r+ mapping, prefix(mmap), the function, suffix(mmap); no flag."""
    def decorate(function):
        def wrapper(*args, **kwargs):
            with open_region(file_name, length) as f, mmap.mmap(f.fileno(), length) as mm:
                with FileLock(file_name + ".lock", timeout=timeout):
                    if prefix:
                        prefix(mm, *args, **kwargs)
                    try:
                        return function(mm, *args, **kwargs)
                    finally:
                        if suffix:
                            suffix(mm, *args, **kwargs)
                        mm.flush()
        return wrapper
    return decorate


def increment(mm):
    (value,) = struct.unpack_from("<q", mm, COUNTER_AT)
    struct.pack_into("<q", mm, COUNTER_AT, value + 1)


def count(file_name, length, n, form):
    bad = 0
    open_region(file_name, length).close()
    print("READY", flush=True)
    sys.stdin.readline()
    if form == "class":
        lock = MemoryShareLock(file_name, length, "counter lock")
        for _ in range(n):
            with lock:
                if lock.seen_at_acquire == HELD or lock.mm[0:1] != HELD:
                    bad += 1
                increment(lock.mm)
    elif form == "decorator":
        @file_lock(file_name, length)
        def once(mm):
            increment(mm)
            return 1 if mm[0:1] == HELD else 0
        for _ in range(n):
            bad += once()
    else:
        raise SystemExit("unknown form " + form)
    print("DONE", n, "bad=%d" % bad, flush=True)


def sample(file_name, length, n):
    @file_lock(file_name, length)
    def read_flag(mm):
        return 1 if mm[0:1] == HELD else 0
    bad = sum(read_flag() for _ in range(n))
    print("SAMPLED", n, "bad=%d" % bad, flush=True)


def main():
    mode, file_name = sys.argv[1], sys.argv[2]
    if mode == "count":
        count(file_name, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif mode == "sample":
        sample(file_name, int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "hold":
        with MemoryShareLock(file_name, int(sys.argv[3])):
            print("HELD", flush=True)
            sys.stdin.readline()
        print("RELEASED", flush=True)
    elif mode == "try":
        lock = MemoryShareLock(file_name, int(sys.argv[3]), timeout=0)
        try:
            with lock:
                print("ACQUIRED", flush=True)
        except Timeout:
            print("BUSY", flush=True)
    elif mode == "peek":
        with open(file_name, "rb") as f:
            print("FLAG", f.read(1).decode("latin-1"), flush=True)
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main()
