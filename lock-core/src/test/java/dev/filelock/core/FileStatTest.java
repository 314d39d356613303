package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileStat}: what an open descriptor refers to, whatever its path names meanwhile. */
class FileStatTest {

    private static final int O_RDONLY = 0;

    @TempDir
    Path dir;

    @Test
    void readsWhatTheJdkReadsOfTheSameFile() throws IOException {
        Path file = Files.writeString(dir.resolve("a.lock"), "12345");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(file, FileTime.from(1_700_000_000_123_456_789L, TimeUnit.NANOSECONDS));
        int fd = open(file);
        try {
            FileStat stat = FileStat.of(fd, file);
            Map<String, Object> jdk = Files.readAttributes(file, "unix:dev,ino,nlink,mode,uid,size");
            assertThat(stat.device).isEqualTo(jdk.get("dev"));
            assertThat(stat.inode).isEqualTo(jdk.get("ino"));
            assertThat(stat.links).isEqualTo(jdk.get("nlink")).isEqualTo(1);
            assertThat(stat.mode).isEqualTo(jdk.get("mode"));
            assertThat(stat.uid).isEqualTo(jdk.get("uid"));
            assertThat(stat.size).isEqualTo(5);
            assertThat(stat.modified).isEqualTo(1_700_000_000_123_456_789L);
            assertThat(stat.isRegularFile()).isTrue();
            assertThat(stat.isDirectory()).isFalse();
            assertThat(stat.isSymbolicLink()).isFalse();
            assertThat(stat.permissions()).isEqualTo(0640);
            assertThat(stat.isDeleted()).isFalse();
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void countsTheNamesOfTheOpenFileDownToZeroOnceDeleted() throws IOException {
        Path file = Files.writeString(dir.resolve("a.lock"), "");
        int fd = open(file);
        try {
            FileStat stat = new FileStat();
            long inode = stat.read(fd, file).inode;
            Path link = Files.createLink(dir.resolve("b.lock"), file);
            assertThat(stat.read(fd, file).links).isEqualTo(2);
            Files.delete(file);
            assertThat(stat.read(fd, file).links).isEqualTo(1);
            assertThat(stat.isDeleted()).as("another name still has it").isFalse();
            Files.move(Files.writeString(dir.resolve("c.lock"), "new"), link,
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertThat(stat.read(fd, file).isDeleted()).as("renamed over: no name left").isTrue();
            assertThat(stat.inode).as("still the file this descriptor opened").isEqualTo(inode);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void tellsADirectory() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("locks"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        int fd = LibC.open(folder.toString(), O_RDONLY | LibC.O_CLOEXEC, 0);
        try {
            FileStat stat = FileStat.of(fd, folder);
            assertThat(stat.isDirectory()).isTrue();
            assertThat(stat.isRegularFile()).isFalse();
            assertThat(stat.permissions()).isEqualTo(0700);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void aClosedDescriptorIsAnErrorNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("a.lock"), "");
        int fd = open(file);
        LibC.close(fd);
        assertThatThrownBy(() -> FileStat.of(fd, file)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot stat " + file).hasMessageContaining("(errno 9)");
    }

    private static int open(Path file) {
        assertThat(FileStat.AVAILABLE).as("Linux with statx").isTrue();
        return LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC, 0);
    }
}
