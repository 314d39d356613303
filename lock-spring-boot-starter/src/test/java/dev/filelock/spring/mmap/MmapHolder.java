package dev.filelock.spring.mmap;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.filelock.core.MmapLock;

/** Child JVM: takes an mmap lock ({@code FILE LENGTH}), writes into its region, prints ACQUIRED, waits on stdin. */
public final class MmapHolder {

    private MmapHolder() {
    }

    public static void main(String[] args) throws Exception {
        MmapLock lock = MmapLock.of(Path.of(args[0]), Integer.parseInt(args[1]));
        lock.lock();
        lock.region().putString(0, "half-writ");
        System.out.println("ACQUIRED");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        lock.unlock();
    }
}
