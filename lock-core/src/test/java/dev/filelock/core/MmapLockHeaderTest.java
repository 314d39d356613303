package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not mmap lock files of the declared layout and length are refused, untouched. */
class MmapLockHeaderTest {

    private static final int LENGTH = 64;

    @TempDir
    Path dir;

    @Test
    void aNewFileIsInitialisedWithTheHeaderInFrontOfTheRegion() throws Exception {
        Path file = dir.resolve("new.mmap");
        MmapLock lock = MmapLock.of(file, LENGTH);
        assertThat(Files.size(file)).isEqualTo(MmapLayout.HEADER_LENGTH + LENGTH);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
        assertThat(new String(Files.readAllBytes(file), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("FLCKMMAP");
        assertThat(header.getInt(MmapLayout.USER_LENGTH_AT)).isEqualTo(LENGTH);
        assertThat(header.get(MmapLayout.STATE_FLAG_AT)).isEqualTo((byte) '0');
        assertThat(lock.state().held()).isFalse();
        assertThat(lock.state().generation()).isZero();
    }

    @Test
    void aFileOfAnotherToolIsRefusedAndLeftUntouched() throws Exception {
        Path file = Files.writeString(dir.resolve("switch_window.txt"), "1000000000");
        assertThatThrownBy(() -> MmapLock.of(file, LENGTH))
                .isInstanceOf(LockException.class)
                .hasMessageContaining(file.toRealPath().toString())
                .hasMessageContaining("is not an mmap lock file")
                .hasMessageContaining("never overwrites");
        assertThat(Files.readString(file)).isEqualTo("1000000000");
    }

    @Test
    void anotherLayoutVersionIsRefused() throws Exception {
        Path file = validFile("version.mmap", LENGTH);
        patchInt(file, MmapLayout.VERSION_AT, 2);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> MmapLock.of(file, LENGTH))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("layout version 2, this library reads version 1");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aCorruptHeaderLengthIsRefused() throws Exception {
        Path file = validFile("header.mmap", LENGTH);
        patchInt(file, MmapLayout.HEADER_LENGTH_AT, 4096);
        assertThatThrownBy(() -> MmapLock.of(file, LENGTH))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("has a header of 4096 bytes");
    }

    @Test
    void anotherRegionLengthIsRefusedWithTheLengthToUse() throws Exception {
        Path file = validFile("length.mmap", LENGTH);
        assertThatThrownBy(() -> MmapLock.of(file, 128))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("holds a region of 64 bytes, not 128")
                .hasMessageContaining("Use length 64");
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path file = validFile("short.mmap", LENGTH);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(MmapLayout.HEADER_LENGTH + 10);
        }
        assertThatThrownBy(() -> MmapLock.of(file, LENGTH))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("is truncated: it has " + (MmapLayout.HEADER_LENGTH + 10) + " bytes");
    }

    @Test
    void anInitialisationCutShortByACrashIsRedone() throws Exception {
        Path file = Files.write(dir.resolve("zeros.mmap"), new byte[MmapLayout.HEADER_LENGTH]);
        MmapLock lock = MmapLock.of(file, LENGTH);
        try (HeldLock held = lock.acquire(java.time.Duration.ZERO)) {
            assertThat(lock.region().generation()).isEqualTo(1);
        }
    }

    @Test
    void askingAgainInOneJvmWithAnotherLengthOrOptionsIsAnError() {
        Path file = dir.resolve("twice.mmap");
        MmapLock lock = MmapLock.of(file, LENGTH);
        assertThat(MmapLock.of(dir.resolve("./twice.mmap"), LENGTH)).isSameAs(lock);
        assertThatThrownBy(() -> MmapLock.of(file, 32))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("already used in this JVM with a region of 64 bytes, not 32");
        assertThatThrownBy(() -> MmapLock.of(file, LENGTH, MmapLock.Options.defaults().withForceOnRelease(false)))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("same options");
        assertThatThrownBy(() -> FileLock.of(file))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("already used by a MmapLock");
    }

    @Test
    void badLengthsAreRefused() {
        assertThatThrownBy(() -> MmapLock.of(dir.resolve("zero.mmap"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region length must be between 1 and");
        assertThatThrownBy(() -> MmapLock.of(dir.resolve("huge.mmap"), Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MmapLock.of(dir.resolve("x.mmap"), LENGTH, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("options must not be null");
    }

    @Test
    void aFileTruncatedWhileInUseGivesAClearErrorInsteadOfACrash() throws Exception {
        Path file = dir.resolve("cut.mmap");
        MmapLock lock = MmapLock.of(file, LENGTH);
        lock.lock();
        lock.unlock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(100);
        }
        assertThatThrownBy(lock::state)
                .isInstanceOf(LockException.class)
                .hasMessageContaining(file.toRealPath().toString())
                .hasMessageContaining("was truncated to 100 bytes")
                .hasMessageContaining("Obtain a new lock with MmapLock.of");
        assertThatThrownBy(lock::tryLock)
                .as("once noticed, the lock refuses to touch the mapping")
                .isInstanceOf(LockException.class)
                .hasMessageContaining("was truncated to 100 bytes");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void aHolderThatNoticedATruncationReleasesWithoutTouchingTheMapping() {
        Path file = dir.resolve("cut-while-held.mmap");
        // In a child JVM: touching a page the file no longer backs would kill the process (SIGBUS).
        try (ChildJvm child = ChildJvm.java(MmapWorker.class, "cut", file)) {
            assertThat(child.awaitLine("NOTICED")).contains("was truncated to 0 bytes");
            assertThat(child.awaitLine("UNLOCKED"))
                    .as("the release still happens, and says the hold was lost")
                    .contains("LockLostException").contains("was truncated to 0 bytes").endsWith("held=false");
            assertThat(child.awaitExit()).isZero();
        }
    }

    /** A file with a valid header for a region of {@code length} bytes, made without opening a lock. */
    private Path validFile(String name, int length) throws Exception {
        ByteBuffer content = ByteBuffer.allocate((int) MmapLayout.fileLength(length));
        MmapLayout.initialise(content, length);
        return Files.write(dir.resolve(name), content.array());
    }

    private static void patchInt(Path file, int offset, int value) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
    }
}
