package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python-protocol mmap lock within one JVM: its files, its flag, what it refuses. */
class PythonMmapLockTest {

    private static final int LENGTH = 16;

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsCreatedAtItsLengthZeroFilledBesideItsLockFile() throws Exception {
        Path file = dir.resolve("switch_window.txt");
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        assertThat(Files.readAllBytes(file)).isEqualTo(new byte[LENGTH]);
        assertThat(lock.exclusionFile()).isEqualTo(file.toRealPath().resolveSibling("switch_window.txt.lock"))
                .exists();
        assertThat(lock.length()).isEqualTo(LENGTH);
    }

    @Test
    void theDataThatIsThereIsKeptAndReadAsPythonWroteIt() throws Exception {
        Path file = dir.resolve("counter.bin");
        // What struct.pack('<q', 41) puts at offset 8, after a free flag.
        byte[] bytes = new byte[LENGTH];
        bytes[0] = '0';
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(PythonMmapWorker.COUNTER_AT, 41);
        Files.write(file, bytes);
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        long seen = lock.call(Duration.ofSeconds(5), null, () -> lock.region().getLong(PythonMmapWorker.COUNTER_AT),
                null);
        assertThat(seen).isEqualTo(41);
        assertThat(Files.size(file)).isEqualTo(LENGTH);
    }

    @Test
    void theFlagReadsOneFromBeforeThePrefixToAfterTheSuffixAndZeroAfterwards() throws Exception {
        Path file = dir.resolve("flag.bin");
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        List<String> seen = new ArrayList<>();
        lock.call(Duration.ofSeconds(5),
                region -> seen.add("prefix " + (char) region.getByte(0) + " recovered=" + region.recoveredFromCrash()),
                () -> seen.add("body " + lock.flagSet()),
                region -> seen.add("suffix " + (char) region.getByte(0)));
        assertThat(seen).containsExactly("prefix 1 recovered=false", "body true", "suffix 1");
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) '0');
        assertThat(lock.flagSet()).isFalse();
    }

    @Test
    void theDecoratorFormLeavesOffsetZeroToTheUser() throws Exception {
        Path file = dir.resolve("decorated.bin");
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH, PythonMmapLock.Options.defaults().withStateFlag(false));
        lock.call(Duration.ofSeconds(5), region -> region.putByte(0, (byte) 'x'), () -> null, null);
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 'x');
        Files.write(file, "1".getBytes(), StandardOpenOption.WRITE);
        boolean recovered = lock.call(Duration.ofSeconds(5), null, () -> lock.region().recoveredFromCrash(), null);
        assertThat(recovered).as("without the flag, offset 0 is data, not a sign of a crash").isFalse();
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) '1');
        assertThat(lock.flagSet()).isFalse();
    }

    @Test
    void aFlagLeftAtOneByAHolderThatDiedIsReportedAsRecoveredOnce() throws Exception {
        Path file = dir.resolve("crashed.bin");
        byte[] bytes = new byte[LENGTH];
        bytes[0] = '1';
        Files.write(file, bytes);
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        assertThat(lock.flagSet()).as("read without locking").isTrue();
        assertThat(lock.call(Duration.ZERO, null, () -> lock.region().recoveredFromCrash(), null)).isTrue();
        assertThat(lock.call(Duration.ZERO, null, () -> lock.region().recoveredFromCrash(), null)).isFalse();
    }

    @Test
    void thereIsNoGeneration() {
        PythonMmapLock lock = PythonMmapLock.of(dir.resolve("gen.bin"), LENGTH);
        lock.lock();
        try {
            assertThatThrownBy(() -> lock.region().generation()).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("no generation");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void aFileOfAnotherLengthIsRefusedAndLeftAsItWas() throws Exception {
        Path file = Files.write(dir.resolve("short.bin"), "0123456789".getBytes());
        assertThatThrownBy(() -> PythonMmapLock.of(file, LENGTH)).isInstanceOf(LockException.class)
                .hasMessageContaining("has 10 bytes, not the declared length 16")
                .hasMessageContaining("Declare length 10");
        assertThat(Files.readString(file)).isEqualTo("0123456789");
    }

    @Test
    void aFileShortenedBetweenHoldsIsRefusedAtTheNextAcquisitionAndTheLockFileIsLeftFree() throws Exception {
        Path file = dir.resolve("cut.bin");
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(4);
        }
        assertThatThrownBy(lock::tryLock).isInstanceOf(LockException.class)
                .hasMessageContaining("was shortened to 4 bytes").hasMessageContaining("\"r+\"");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        FileLock exclusion = FileLock.of(lock.exclusionFile());
        assertThat(exclusion.tryLock()).as("the flock was let go").isTrue();
        exclusion.unlock();
    }

    @Test
    void aRegionFileReplacedWhileHeldIsReportedAndOfGivesANewLockOnTheFileThere() throws Exception {
        Path file = dir.resolve("replaced.txt");
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        lock.lock();
        Path other = Files.write(dir.resolve("other.txt"), new byte[LENGTH]);
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThatThrownBy(lock::ensureValid).isInstanceOf(LockLostException.class)
                .hasMessageContaining("was replaced by another file");
        assertThatThrownBy(lock::unlock).isInstanceOf(LockLostException.class)
                .hasMessageContaining("The lock is released now");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(lock.exclusionFile()).as("the flock was let go").satisfies(exclusion -> {
            assertThat(FileLock.of(exclusion).tryLock()).isTrue();
            FileLock.of(exclusion).unlock();
        });
        assertThatThrownBy(lock::tryLock).isInstanceOf(LockException.class)
                .hasMessageContaining("Obtain a new lock with PythonMmapLock.of");
        PythonMmapLock fresh = PythonMmapLock.of(file, LENGTH);
        assertThat(fresh).isNotSameAs(lock);
        try (HeldLock held = fresh.acquire(Duration.ZERO)) {
            fresh.ensureValid();
        }
    }

    @Test
    void oneFileIsOneLockPerJvmAndItsLengthAndOptionsMustAgree() {
        Path file = dir.resolve("one.bin");
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        assertThat(PythonMmapLock.of(dir.resolve("./one.bin"), LENGTH)).isSameAs(lock);
        assertThatThrownBy(() -> PythonMmapLock.of(file, 32)).isInstanceOf(LockException.class)
                .hasMessageContaining("with a region of 16 bytes, not 32");
        assertThatThrownBy(() -> PythonMmapLock.of(file, LENGTH, PythonMmapLock.Options.defaults().withStateFlag(false)))
                .isInstanceOf(LockException.class).hasMessageContaining("same options");
        assertThatThrownBy(() -> MmapLock.of(file, LENGTH)).isInstanceOf(LockException.class)
                .hasMessageContaining("already used by a PythonMmapLock");
        assertThatThrownBy(() -> PythonMmapLock.of(file, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNativeMmapLockFileIsRefusedAsAPythonRegionEvenWhenOfTheSameSize() throws Exception {
        Path file = dir.resolve("native.bin");
        openInAnotherJvm("open-native", file);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> PythonMmapLock.of(file, before.length)).isInstanceOf(LockException.class)
                .hasMessageContaining("is a native mmap lock file").hasMessageContaining("protocol native");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aPythonRegionIsRefusedAsANativeMmapLockFileEvenWhileStillAllZeros() throws Exception {
        Path file = dir.resolve("python.bin");
        openInAnotherJvm("open-python", file);
        assertThatThrownBy(() -> MmapLock.of(file, LENGTH)).isInstanceOf(LockException.class)
                .hasMessageContaining("is a Python-protocol region").hasMessageContaining("protocol python");
        assertThat(Files.readAllBytes(file)).isEqualTo(new byte[LENGTH]);
    }

    private static void openInAnotherJvm(String mode, Path file) {
        try (ChildJvm child = ChildJvm.java(PythonMmapWorker.class, mode, file, LENGTH)) {
            child.awaitLine("OPENED");
            child.awaitSuccess();
        }
    }
}
