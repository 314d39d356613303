package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, point 1: a lock never writes into a file the library did not make. A {@link FileLock}
 * writes only into an empty file or its own record; it locks any other file without writing; it
 * and an {@link MmapLock} refuse each other's files, whichever starts first, across processes.
 */
class FileContentsTest {

    private static final int ACQUISITIONS = 200;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"flock, 5000", "posix, 5000", "flock, 256", "posix, 256", "flock, 1"})
    void anExistingDataFileKeepsEveryByteOverManyAcquisitions(String kind, int size) throws Exception {
        Path data = dataFile("important.txt", size);
        String before = sha256(data);
        InterProcessLock lock = LockWorker.open(kind, data);
        for (int i = 0; i < ACQUISITIONS; i++) {
            lock.lock();
            lock.unlock();
        }
        assertThat(sha256(data)).isEqualTo(before);
    }

    @Test
    void aDataFileSharedWithFlockCommandKeepsEveryByteAndItsHolderIsUnknown() throws Exception {
        Path data = dataFile("shared-data.csv", 3000);
        String before = sha256(data);
        InterProcessLock lock = LockWorker.open("flock", data);
        try (ChildJvm peer = ChildJvm.command(List.of("sh", "-c", "for i in $(seq " + ACQUISITIONS + "); do flock "
                + data + " true; done; echo DONE"))) {
            for (int i = 0; i < ACQUISITIONS; i++) {
                lock.lock();
                lock.unlock();
            }
            peer.awaitLine("DONE");
            peer.awaitSuccess();
        }
        try (ChildJvm holder = ChildJvm.command(List.of("flock", data.toString(), "sh", "-c", "echo ACQUIRED; read line"))) {
            holder.awaitLine("ACQUIRED");
            assertThat(lock.owner()).get().extracting(LockOwner::isKnown).isEqualTo(false);
            holder.send("go");
            holder.awaitSuccess();
        }
        assertThat(sha256(data)).isEqualTo(before);
    }

    /**
     * The Python lock libraries our users run, from Debian's packages. py-filelock 3.9 opens the
     * lock file with {@code O_RDWR | O_CREAT | O_TRUNC} on every attempt (filelock/_unix.py), held
     * or not: it empties any file it locks, data included, so no data file can be shared with it.
     * portalocker 2.2's {@code Lock} opens it for appending and polls a non-blocking flock. What we
     * must do with either is exclude it, write nothing but our whole record into the file, and never
     * name a holder that has left: while the Python process holds, the holder is unknown.
     */
    @ParameterizedTest
    @ValueSource(strings = {"filelock", "portalocker"})
    void aPythonLibraryPeerIsExcludedAndNeverShownAsUs(String library) throws Exception {
        String python = PythonPeer.interpreter();
        Path lockFile = dir.resolve("py.lock");
        Path script = copyResource("/pypeers.py");
        copyResource("/pylock.py");
        Path counter = Files.writeString(dir.resolve("counter.txt"), "0");
        int each = 100;
        InterProcessLock lock = LockWorker.open("flock", lockFile);
        List<ChildJvm> children = new ArrayList<>();
        try {
            children.add(ChildJvm.command(List.of(python, script.toString(), library, "count", lockFile.toString(),
                    counter.toString(), Integer.toString(each))));
            children.add(ChildJvm.java(LockWorker.class, "count", "flock", lockFile, counter, each));
            for (int i = 0; i < each; i++) {
                lock.lock();
                try {
                    LockWorker.increment(counter);
                    byte[] content = Files.readAllBytes(lockFile);
                    assertThat(content.length == 0 || OwnerRecord.decode(content, content.length).isKnown())
                            .as("the lock file holds nothing or one whole record, not %s", new String(content,
                                    StandardCharsets.UTF_8)).isTrue();
                } finally {
                    lock.unlock();
                }
            }
            for (ChildJvm child : children) {
                child.awaitSuccess();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        assertThat(Long.parseLong(Files.readString(counter).trim())).isEqualTo(3L * each);
        lock.lock();
        lock.unlock();
        try (ChildJvm py = ChildJvm.command(List.of(python, script.toString(), library, "hold",
                lockFile.toString()))) {
            py.awaitLine("ACQUIRED");
            assertThat(lock.owner()).as("our record was the last one written, but %s holds now", library)
                    .get().extracting(LockOwner::isKnown).isEqualTo(false);
            py.send("go");
            py.awaitSuccess();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aFileLockRefusesAnMmapLockFileAnotherProcessUses(String kind) throws Exception {
        Path file = dir.resolve("window.mmap");
        try (ChildJvm mmap = ChildJvm.java(MmapWorker.class, "hold", file)) {
            mmap.awaitLine("ACQUIRED");
            String before = sha256(file);
            assertThatThrownBy(() -> LockWorker.open(kind, file))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("is an mmap lock file")
                    .hasMessageContaining("MmapLock")
                    .hasMessageContaining("never writes into it");
            assertThat(sha256(file)).isEqualTo(before);
            mmap.send("go");
            assertThat(mmap.awaitLine("RELEASED")).isEqualTo("RELEASED");
        }
    }

    @ParameterizedTest
    @CsvSource({"flock, true", "flock, false", "posix, true", "posix, false"})
    void anMmapLockRefusesAFileLocksFile(String kind, boolean ownerMetadata) throws Exception {
        Path file = dir.resolve("orders.lock");
        FileLock.Options options = FileLock.Options.defaults().withOwnerMetadata(ownerMetadata)
                .withMechanism(FileLock.Mechanism.valueOf(kind.toUpperCase()));
        FileLock lock = FileLock.of(file, options);
        lock.lock();
        lock.unlock();
        String before = sha256(file);
        // Another process, since one JVM already refuses a second kind on one file.
        try (ChildJvm mmap = ChildJvm.java(MmapWorker.class, "hold", file)) {
            assertThat(mmap.awaitLine("Exception")).contains("is a FileLock's lock file").contains("MmapLock");
            mmap.awaitExit();
        }
        assertThat(sha256(file)).isEqualTo(before);
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
    }

    @Test
    void aFileLockMadeFirstRefusesToHoldOnceAnotherProcessMadeItAnMmapLockFile() throws Exception {
        Path file = dir.resolve("late.lock");
        FileLock lock = FileLock.of(file);
        assertThat(Files.size(file)).isZero();
        try (ChildJvm mmap = ChildJvm.java(MmapWorker.class, "hold", file)) {
            mmap.awaitLine("ACQUIRED");
            String before = sha256(file);
            assertThatThrownBy(lock::tryLock)
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("is an mmap lock file");
            assertThat(lock.isHeldByCurrentThread()).isFalse();
            assertThat(sha256(file)).isEqualTo(before);
            mmap.send("go");
            assertThat(mmap.awaitLine("RELEASED")).isEqualTo("RELEASED");
        }
    }

    private Path dataFile(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        // Starting like a record must not make it ours.
        byte[] start = "pid=".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, bytes, 0, Math.min(start.length, size));
        return Files.write(dir.resolve(name), bytes);
    }

    private Path copyResource(String name) throws IOException {
        Path target = dir.resolve(name.substring(1));
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
