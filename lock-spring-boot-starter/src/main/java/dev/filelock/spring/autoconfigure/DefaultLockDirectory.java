package dev.filelock.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The default {@code file-lock.directory}: a folder private to this user, never one that any user
 * could have created first (a fixed name under {@code /tmp}): {@code $XDG_RUNTIME_DIR/file-lock}
 * when that runtime folder (systemd's, 0700) exists and is this user's, else
 * {@code file-lock-<user>} under {@code java.io.tmpdir}, which lock-core creates 0700 and refuses
 * if another user made it first.
 */
final class DefaultLockDirectory {

    private DefaultLockDirectory() {
    }

    static Path of(String runtimeDirectory, String tmpdir, String user) {
        if (runtimeDirectory != null && !runtimeDirectory.isBlank()) {
            Path runtime = Path.of(runtimeDirectory);
            if (isOwnedBy(runtime, user)) {
                return runtime.resolve("file-lock");
            }
        }
        return Path.of(tmpdir, "file-lock-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static boolean isOwnedBy(Path folder, String user) {
        try {
            return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).getName().equals(user);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
