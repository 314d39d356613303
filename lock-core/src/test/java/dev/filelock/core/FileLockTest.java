package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
    void holderWritesItsOwnerIntoTheFileAndBlanksItOnRelease() throws IOException {
        Path file = dir.resolve("owner.lock");
        FileLock lock = FileLock.of(file);
        lock.lock();
        try {
            String content = Files.readString(file);
            assertThat(content).contains("pid=" + ProcessHandle.current().pid())
                    .contains("thread=" + Thread.currentThread().getName());
        } finally {
            lock.unlock();
        }
        assertThat(Files.readString(file)).isBlank();
    }

    @Test
    void ownerMetadataCanBeTurnedOff() throws IOException {
        Path file = dir.resolve("quiet.lock");
        FileLock lock = FileLock.of(file, FileLock.Options.defaults().withOwnerMetadata(false));
        lock.lock();
        try {
            assertThat(Files.size(file)).isZero();
            assertThat(lock.owner()).get().extracting(LockOwner::thread).isEqualTo(Thread.currentThread().getName());
        } finally {
            lock.unlock();
        }
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
        Path mount = Files.createDirectories(dir.resolve("ro"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", mount.toString()) == 0,
                "needs root to mount a read-only tmpfs");
        try {
            assertThatThrownBy(() -> FileLock.of(mount.resolve("app.lock")))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("read-only file system");
        } finally {
            assertThat(run("umount", mount.toString())).isZero();
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

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    @Test
    void ownerRecordRoundTripsAndToleratesGarbage() {
        LockOwner me = LockOwner.currentThread();
        byte[] record = OwnerRecord.encode(me);
        assertThat(record).hasSize(OwnerRecord.SIZE);
        assertThat(OwnerRecord.decode(record, record.length)).isEqualTo(me);
        byte[] garbage = "pid=abc\nwhatever".getBytes(StandardCharsets.UTF_8);
        assertThat(OwnerRecord.decode(garbage, garbage.length)).isEqualTo(LockOwner.unknown());
        assertThat(OwnerRecord.decode(OwnerRecord.blank(), OwnerRecord.SIZE).isKnown()).isFalse();
    }
}
