package dev.filelock.bench.uncontended;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 * The parts of a {@code FileLock} hold beyond the OS lock itself, alone, to read against
 * {@link UncontendedLockBenchmark#fileChannelLock} in the same run: the {@code stat} of the path
 * that every acquisition and release makes to notice a deleted or replaced lock file
 * ({@code Files.readAttributes(path, BasicFileAttributes.class).fileKey()}), and one positional
 * write of a 256-byte owner record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class LockFileCheckBenchmark {

    private Path file;
    private FileChannel channel;
    private final ByteBuffer record = ByteBuffer.allocateDirect(256);

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempDirectory("bench-check").resolve("file.lock");
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
    }

    @Benchmark
    public Object statOfThePath() throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Benchmark
    public int ownerRecordWrite() throws IOException {
        return channel.write(record.clear(), 0);
    }
}
