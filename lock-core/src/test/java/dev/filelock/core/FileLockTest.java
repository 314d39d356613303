package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to {@link FileLock}: files, options and owner metadata. */
class FileLockTest {

    @TempDir
    Path dir;

    @Test
    void createsMissingParentDirectoriesAndTheFile() {
        Path file = dir.resolve("a/b/c/orders.lock");
        FileLock lock = FileLock.of(file);
        assertThat(file).isRegularFile();
        assertThat(lock.path()).isEqualTo(file);
    }

    @Test
    void neverTruncatesOrDeletesAnExistingFile() throws IOException {
        Path file = dir.resolve("kept.lock");
        Files.writeString(file, "someone else's bytes");
        FileLock lock = FileLock.of(file.toAbsolutePath(), FileLock.Options.defaults().withOwnerMetadata(false));
        lock.lock();
        lock.unlock();
        assertThat(file).hasContent("someone else's bytes");
    }

    @Test
    void holderWritesOneVersionedRecordAndOwnerIsEmptyOnceReleased() throws IOException {
        Path file = dir.resolve("owner.lock");
        FileLock lock = FileLock.of(file);
        lock.lock();
        try {
            String content = Files.readString(file);
            assertThat(content).startsWith("FLCKFILE 1\n")
                    .contains("pid=" + ProcessHandle.current().pid())
                    .contains("thread=" + Thread.currentThread().getName());
            assertThat(Files.size(file)).isEqualTo(OwnerRecord.SIZE);
        } finally {
            lock.unlock();
        }
        // Linux tells a reader whether the recorded process holds the lock, so the release writes
        // nothing; the lock is free, whatever the record says.
        assertThat(lock.owner()).isEmpty();
    }

    @Test
    void aThreadReacquiringWithinASecondFindsItsRecordAndWritesNothing() throws Exception {
        Path file = dir.resolve("loop.lock");
        FileLock lock = FileLock.of(file);
        assumeTrue(KernelLockTable.AVAILABLE, "only where the kernel names a flock's holder is a release silent");
        // The record names the second a hold began: two holds are compared only within one second.
        for (int tries = 0; tries < 10; tries++) {
            long second = System.currentTimeMillis() / 1000;
            lock.lock();
            lock.unlock();
            FileTime written = Files.getLastModifiedTime(file);
            lock.lock();
            FileTime during = Files.getLastModifiedTime(file);
            lock.unlock();
            if (System.currentTimeMillis() / 1000 == second) {
                assertThat(during).as("the second hold found its record unchanged and wrote nothing").isEqualTo(written);
                assertThat(OwnerRecord.decode(Files.readAllBytes(file), OwnerRecord.SIZE).thread())
                        .isEqualTo(Thread.currentThread().getName());
                return;
            }
        }
        throw new AssertionError("ten tries each crossed a second boundary");
    }

    @Test
    void aRecordWrittenByAnotherHolderBetweenTwoHoldsIsReplacedAtTheNextHold() throws Exception {
        Path file = dir.resolve("shared.lock");
        FileLock lock = FileLock.of(file);
        lock.lock();
        lock.unlock();
        LockOwner other = new LockOwner(4242, "elsewhere", "other-worker", Instant.now());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(OwnerRecord.encode(other)), 0);
        }
        lock.lock();
        try {
            LockOwner recorded = OwnerRecord.decode(Files.readAllBytes(file), OwnerRecord.SIZE);
            assertThat(recorded.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(recorded.thread()).isEqualTo(Thread.currentThread().getName());
        } finally {
            lock.unlock();
        }
    }

    @Test
    void anotherThreadsHoldWritesItsOwnRecord() throws Exception {
        Path file = dir.resolve("threads.lock");
        FileLock lock = FileLock.of(file);
        lock.lock();
        lock.unlock();
        Thread other = new Thread(() -> {
            lock.lock();
            lock.unlock();
        }, "second-thread");
        other.start();
        other.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(other.isAlive()).isFalse();
        assertThat(OwnerRecord.decode(Files.readAllBytes(file), OwnerRecord.SIZE).thread()).isEqualTo("second-thread");
    }

    @Test
    void withoutOwnerMetadataAnEmptyFileIsClaimedOnceAndNeverWrittenAgain() throws IOException {
        Path file = dir.resolve("quiet.lock");
        FileLock lock = FileLock.of(file, FileLock.Options.defaults().withOwnerMetadata(false));
        assertThat(Files.size(file)).as("nothing is written before the first hold").isZero();
        lock.lock();
        byte[] claimed;
        try {
            claimed = Files.readAllBytes(file);
            assertThat(new String(claimed, StandardCharsets.UTF_8)).startsWith("FLCKFILE 1\n").doesNotContain("pid=");
            assertThat(lock.owner()).get().extracting(LockOwner::thread).isEqualTo(Thread.currentThread().getName());
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < 5; i++) {
            lock.lock();
            lock.unlock();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(claimed);
    }

    @Test
    void theSameFileGivesTheSameLockObject() {
        assertThat(FileLock.of(dir.resolve("same.lock"))).isSameAs(FileLock.of(dir.resolve("./same.lock")));
    }

    @Test
    void oneFileCannotBeOpenedWithTwoMechanisms() {
        Path file = dir.resolve("mixed.lock");
        FileLock flock = FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.FLOCK));
        assertThatThrownBy(() -> FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.POSIX)))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("already used in this JVM with")
                .hasMessageContaining("FLOCK");
        assertThat(flock.tryLock()).isTrue();
        flock.unlock();
    }

    @Test
    void theDefaultMechanismIsFlockOnLinux() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux only");
        assertThat(FileLock.Mechanism.platformDefault()).isEqualTo(FileLock.Mechanism.FLOCK);
    }

    @Test
    void aParentThatIsAFileIsReportedWithTheFix() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> FileLock.of(notADir.resolve("x.lock")))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("Cannot create lock directory")
                .hasMessageContaining("choose another location");
    }

    @Test
    void anUnwritableDirectoryIsReportedWithTheFix() throws IOException {
        Path target = unwritableDirectory().resolve("app.lock");
        assertThatThrownBy(() -> FileLock.of(target))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("Cannot create lock file " + target)
                .hasMessageContaining("permission denied")
                .hasMessageContaining("writable");
    }

    @Test
    void aReadOnlyFileSystemIsReportedWithTheFix() throws Exception {
        try (Tmpfs readOnly = Tmpfs.mount(dir.resolve("ro"), "ro,size=64k")) {
            assertThatThrownBy(() -> FileLock.of(readOnly.path().resolve("app.lock")))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("read-only file system");
        }
    }

    // Root may write anywhere a permission bit forbids; sysfs refuses new files even to root.
    private Path unwritableDirectory() throws IOException {
        if ("root".equals(System.getProperty("user.name")) && Files.isDirectory(Path.of("/sys/kernel"))) {
            return Path.of("/sys/kernel");
        }
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        return locked;
    }

    @Test
    void ownerRecordRoundTripsAndToleratesGarbage() {
        LockOwner me = LockOwner.currentThread();
        byte[] record = OwnerRecord.encode(me);
        assertThat(record).hasSize(OwnerRecord.SIZE);
        assertThat(OwnerRecord.decode(record, record.length)).isEqualTo(me);
        byte[] garbage = "FLCKFILE 1\npid=abc\nwhatever".getBytes(StandardCharsets.UTF_8);
        assertThat(OwnerRecord.decode(garbage, garbage.length)).isEqualTo(LockOwner.unknown());
        byte[] unmarked = "pid=42\n".getBytes(StandardCharsets.UTF_8);
        assertThat(OwnerRecord.decode(unmarked, unmarked.length).isKnown()).as("no marker, no owner").isFalse();
        assertThat(OwnerRecord.decode(OwnerRecord.free(), OwnerRecord.SIZE).isKnown()).isFalse();
    }

    @Test
    void contentsAreClassifiedByMarkerAndSize() {
        byte[] record = OwnerRecord.encode(LockOwner.currentThread());
        assertThat(OwnerRecord.classify(record, 0, 0)).isEqualTo(OwnerRecord.Contents.EMPTY);
        assertThat(OwnerRecord.classify(record, record.length, record.length)).isEqualTo(OwnerRecord.Contents.RECORD);
        byte[] future = "FLCKFILE 2\npid=1".getBytes(StandardCharsets.US_ASCII);
        assertThat(OwnerRecord.classify(future, future.length, 300)).as("another version is never written")
                .isEqualTo(OwnerRecord.Contents.OTHER);
        byte[] mmap = MmapLayout.MAGIC_TEXT.getBytes(StandardCharsets.US_ASCII);
        assertThat(OwnerRecord.classify(mmap, mmap.length, 20_000)).isEqualTo(OwnerRecord.Contents.MMAP);
        byte[] unversioned = new byte[OwnerRecord.SIZE];
        java.util.Arrays.fill(unversioned, (byte) ' ');
        unversioned[OwnerRecord.SIZE - 1] = '\n';
        assertThat(OwnerRecord.classify(unversioned, unversioned.length, OwnerRecord.SIZE))
                .as("the blank record of earlier releases is ours").isEqualTo(OwnerRecord.Contents.RECORD);
        byte[] data = "id,amount\n1,10\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(OwnerRecord.classify(data, data.length, data.length)).isEqualTo(OwnerRecord.Contents.OTHER);
    }
}
