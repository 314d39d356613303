package dev.filelock.bench.uncontended;

import dev.filelock.core.FileLock;
import dev.filelock.core.MmapLock;
import dev.filelock.core.PythonMmapLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One uncontended acquire and release, by one thread, for every lock kind (the Python-protocol
 * mmap lock included) and the two floors it
 * is compared with: {@link ReentrantLock} (memory only) and the JDK's {@code FileChannel.lock} on a
 * channel kept open (one system call each way). Each lock kind has a state of its own, so that a
 * kind that cannot be made fails only its own benchmarks. The lock files are in the default
 * temporary directory (a disk file system here, which is what {@code forceOnRelease} costs most on).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UncontendedLockBenchmark {

    @State(Scope.Benchmark)
    public static class InMemory {
        final ReentrantLock lock = new ReentrantLock();
    }

    @State(Scope.Benchmark)
    public static class RawChannel {
        FileChannel channel;

        @Setup(Level.Trial)
        public void open() throws IOException {
            Path file = Files.createTempDirectory("bench-channel").resolve("raw.lock");
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
        }
    }

    @State(Scope.Benchmark)
    public static class OurFileLock {
        @Param({"FLOCK", "POSIX"})
        public FileLock.Mechanism mechanism;

        /** Whether the holder writes its pid, host, thread and time into the file. */
        @Param({"true", "false"})
        public boolean ownerMetadata;

        FileLock lock;

        @Setup(Level.Trial)
        public void open() throws IOException {
            Path file = Files.createTempDirectory("bench-filelock").resolve("file.lock");
            lock = FileLock.of(file, new FileLock.Options(mechanism, ownerMetadata));
        }
    }

    @State(Scope.Benchmark)
    public static class OurMmapLock {
        /** Whether the region is forced to the storage device on every release. */
        @Param({"false", "true"})
        public boolean forceOnRelease;

        MmapLock lock;
        long writes;

        @Setup(Level.Trial)
        public void open() throws IOException {
            Path file = Files.createTempDirectory("bench-mmap").resolve("region.mmap");
            lock = MmapLock.of(file, 64, new MmapLock.Options(forceOnRelease));
        }
    }

    @State(Scope.Benchmark)
    public static class OurPythonMmapLock {
        /** Whether the region is forced to the storage device on every release that wrote. */
        @Param({"false", "true"})
        public boolean forceOnRelease;

        PythonMmapLock lock;
        long writes;

        @Setup(Level.Trial)
        public void open() throws IOException {
            Path file = Files.createTempDirectory("bench-python-mmap").resolve("region.txt");
            lock = PythonMmapLock.of(file, 64, PythonMmapLock.Options.defaults().withForceOnRelease(forceOnRelease));
        }
    }

    @Benchmark
    public void reentrantLock(InMemory state) {
        state.lock.lock();
        state.lock.unlock();
    }

    @Benchmark
    public void fileChannelLock(RawChannel state) throws IOException {
        state.channel.lock().release();
    }

    @Benchmark
    public void fileLock(OurFileLock state) {
        state.lock.lock();
        state.lock.unlock();
    }

    @Benchmark
    public void mmapLock(OurMmapLock state) {
        state.lock.lock();
        state.lock.unlock();
    }

    /** A hold that writes to the region: the one that {@code forceOnRelease} forces to the device. */
    @Benchmark
    public void mmapLockWritingRegion(OurMmapLock state) {
        state.lock.lock();
        try {
            state.lock.region().putLong(0, ++state.writes);
        } finally {
            state.lock.unlock();
        }
    }

    /** The Python tool's protocol: flock on {@code <file>.lock} and the state flag at offset 0. */
    @Benchmark
    public void pythonMmapLock(OurPythonMmapLock state) {
        state.lock.lock();
        state.lock.unlock();
    }

    /** The same with a write after the flag, which {@code forceOnRelease} forces to the device. */
    @Benchmark
    public void pythonMmapLockWritingRegion(OurPythonMmapLock state) {
        state.lock.lock();
        try {
            state.lock.region().putLong(8, ++state.writes);
        } finally {
            state.lock.unlock();
        }
    }
}
