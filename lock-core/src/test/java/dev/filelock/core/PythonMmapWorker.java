package dev.filelock.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Java side of the Python-protocol interop tests, in a child JVM. The counter is the
 * little-endian {@code long} at offset {@value #COUNTER_AT}, as {@code pymmap.py} keeps it.
 * Usage:
 * <ul>
 * <li>{@code count FILE LENGTH N}: opens the lock, prints {@code READY}, starts on a line from
 * stdin, then N times under the lock adds one to the counter; prints {@code DONE N bad=K}, K counting holds whose flag was wrong (the
 * last holder left "1", or it is not "1" inside the hold).</li>
 * <li>{@code hold FILE LENGTH}: acquires, prints {@code HELD}, releases on a line from stdin,
 * prints {@code RELEASED}.</li>
 * <li>{@code open-python FILE LENGTH} / {@code open-native FILE LENGTH}: opens a
 * {@link PythonMmapLock} / {@link MmapLock} and prints {@code OPENED}.</li>
 * </ul>
 */
public final class PythonMmapWorker {

    public static final int COUNTER_AT = 8;

    private PythonMmapWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        int length = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "count" -> {
                PythonMmapLock lock = PythonMmapLock.of(file, length);
                System.out.println("READY");
                awaitLine();
                int n = Integer.parseInt(args[3]);
                int bad = 0;
                SharedRegion region = lock.region();
                for (int i = 0; i < n; i++) {
                    lock.lock();
                    try {
                        if (region.recoveredFromCrash() || region.getByte(0) != '1') {
                            bad++;
                        }
                        region.putLong(COUNTER_AT, region.getLong(COUNTER_AT) + 1);
                    } finally {
                        lock.unlock();
                    }
                }
                System.out.println("DONE " + n + " bad=" + bad);
            }
            case "hold" -> {
                PythonMmapLock lock = PythonMmapLock.of(file, length);
                lock.lock();
                System.out.println("HELD");
                awaitLine();
                lock.unlock();
                System.out.println("RELEASED");
            }
            case "open-python" -> {
                PythonMmapLock.of(file, length);
                System.out.println("OPENED");
            }
            case "open-native" -> {
                MmapLock.of(file, length);
                System.out.println("OPENED");
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Waits for a line (or the end) of standard input. */
    public static void awaitLine() throws IOException {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
