package dev.filelock.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.spring.FileLocked;

/**
 * The lock directory is private by default and shared only on purpose: one another user could
 * control stops the start-up with the fix, the default is a folder of the user's own, and what the
 * starter creates is 0700 and 0600 unless {@code file-lock.sharing} says otherwise.
 */
class LockDirectorySecurityTest {

    private static final int OTHER_USER = 64101;

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class))
                .withPropertyValues("file-lock.locks.orders.type=file");
    }

    public static class Orders {
        @FileLocked("orders")
        public String place() {
            return "placed";
        }
    }

    @Test
    void aDirectoryEveryUserMayWriteIsRefusedAtStartUpWithTheFix() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        runner().withPropertyValues("file-lock.directory=" + open).run(context -> {
            FailureAnalysis analysis = FileLockStartUpFailureTest.analysis(context);
            assertThat(analysis.getDescription()).startsWith("file-lock.directory " + open + " is refused: Lock directory "
                    + open + " may be written by every user").contains("mode 0777 (rwxrwxrwx)");
            assertThat(analysis.getAction()).contains("only this user can write").contains("file-lock.sharing.group");
        });
        try (Stream<Path> files = Files.list(open)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDirectoryAnotherUserOwnsIsRefusedAtStartUpNamingTheOwner() throws Exception {
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        giveToAnotherUser(foreign);

        runner().withPropertyValues("file-lock.directory=" + foreign).run(context ->
                assertThat(FileLockStartUpFailureTest.analysis(context).getDescription())
                        .contains("is owned by " + OTHER_USER + " (uid " + OTHER_USER + ")"));
    }

    @Test
    void theDefaultDirectoryNeitherUsesNorWritesIntoAFileLockFolderAnotherUserMadeFirst() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Path planted = Files.createDirectory(tmp.resolve("file-lock"));
        giveToAnotherUser(planted);
        String was = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try {
            runner().withBean(Orders.class).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Orders.class).place()).isEqualTo("placed");
                Path own = context.getBean(FileLockProperties.class).getDirectory();
                assertThat(own).isNotEqualTo(planted);
                assertThat(mode(own)).isEqualTo("rwx------");
                assertThat(mode(own.resolve("orders.lock"))).isEqualTo("rw-------");
            });
        } finally {
            System.setProperty("java.io.tmpdir", was);
        }
        try (Stream<Path> files = Files.list(planted)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aGroupSharesTheDirectoryAndFilesOnPurpose() throws Exception {
        int group = (Integer) Files.getAttribute(dir, "unix:gid");
        Path team = dir.resolve("team");

        runner().withBean(Orders.class).withPropertyValues("file-lock.directory=" + team,
                "file-lock.sharing.group=" + group).run(context -> {
                    assertThat(context.getBean(Orders.class).place()).isEqualTo("placed");
                    assertThat(mode(team)).isEqualTo("rwxrwx---");
                    assertThat((Integer) Files.getAttribute(team, "unix:mode") & 07777).isEqualTo(02770);
                    assertThat(mode(team.resolve("orders.lock"))).isEqualTo("rw-rw----");
                    assertThat(Files.getAttribute(team.resolve("orders.lock"), "unix:gid")).isEqualTo(group);
                });
    }

    @Test
    void aSharingModeWithoutAGroupOrThatIsNotALockFilesIsRefused() {
        runner().withPropertyValues("file-lock.directory=" + dir, "file-lock.sharing.file-mode=rw-rw----").run(context ->
                assertThat(FileLockStartUpFailureTest.analysis(context).getDescription())
                        .isEqualTo("file-lock.sharing.file-mode is rw-rw---- but no group shares the files."));
        runner().withPropertyValues("file-lock.directory=" + dir, "file-lock.sharing.group=0",
                "file-lock.sharing.file-mode=rwxrwx---").run(context ->
                        assertThat(FileLockStartUpFailureTest.analysis(context).getDescription())
                                .startsWith("file-lock.sharing is not valid: the file mode of lock files is rwxrwx---"));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    // Another identity's folder, world-writable: what any local user can make first in /tmp.
    private static void giveToAnotherUser(Path folder) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            String reason = "skipped: giving a folder to another user needs root (CI runs as root); user is "
                    + System.getProperty("user.name");
            System.out.println(reason);
            assumeTrue(false, reason);
        }
        Files.setAttribute(folder, "unix:uid", OTHER_USER);
        Files.setAttribute(folder, "unix:gid", OTHER_USER);
        Files.setAttribute(folder, "unix:mode", 0777);
    }
}
