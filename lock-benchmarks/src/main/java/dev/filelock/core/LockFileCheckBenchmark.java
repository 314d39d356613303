package dev.filelock.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The steps of a {@code FileLock} hold, each alone, to read against
 * {@code UncontendedLockBenchmark.fileChannelLock} in the same run: the OS lock itself
 * ({@code flock} and unlock, through the same JNA binding), the check of the path's identity that
 * every acquisition and release makes ({@link PathStat#read()}, one {@code statx}), the same
 * question asked of the open descriptor ({@link FileStat#read}, one {@code statx} of no path), and one
 * positional write of a 256-byte owner record. In package {@code dev.filelock.core} to reach those
 * internals; nothing here is part of the library.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class LockFileCheckBenchmark {

    private Path file;
    private FileChannel channel;
    private PathStat stat;
    private final FileStat held = new FileStat();
    private int fd;
    private final ByteBuffer record = ByteBuffer.allocateDirect(OwnerRecord.SIZE);

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempDirectory("bench-check").resolve("file.lock");
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        stat = PathStat.of(file);
        fd = LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC, 0);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        LibC.close(fd);
    }

    @Benchmark
    public long flockAndUnlock() {
        return LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) + LibC.flock(fd, LibC.LOCK_UN);
    }

    @Benchmark
    public long statOfThePath() throws IOException {
        stat.read();
        return stat.inode;
    }

    @Benchmark
    public long statOfTheDescriptor() throws IOException {
        return held.read(fd, file).links;
    }

    @Benchmark
    public int ownerRecordWrite() throws IOException {
        return channel.write(record.clear(), 0);
    }
}
