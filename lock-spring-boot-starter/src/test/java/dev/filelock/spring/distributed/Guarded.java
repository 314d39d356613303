package dev.filelock.spring.distributed;

import java.util.concurrent.atomic.AtomicInteger;

import dev.filelock.spring.FileLocked;

/** A bean whose methods run under the lock {@code shared}, whatever its type. */
public class Guarded {

    private int count;
    private final AtomicInteger runs = new AtomicInteger();

    /** A read-modify-write that loses updates unless calls exclude each other. */
    @FileLocked("shared")
    public void increment() {
        count++;
    }

    @FileLocked("shared")
    public void run(Runnable body) {
        runs.incrementAndGet();
        body.run();
    }

    // Read through methods: the bean is a proxy, whose own fields stay zero.
    public int count() {
        return count;
    }

    /** How many times {@link #run} began its body. */
    public int runs() {
        return runs.get();
    }
}
