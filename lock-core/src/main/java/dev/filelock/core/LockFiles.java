package dev.filelock.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checks a lock file path, creates what is missing, and resolves the file's real path: never through a link. */
final class LockFiles {

    private LockFiles() {
    }

    /**
     * Checks the lock file's path, creates its directories and the file if missing (never
     * truncating an existing file), with the modes {@code sharing} gives, and returns its real path.
     * Nothing is followed or created through a link another user could have planted, and a
     * directory or file that another user could turn against this process is refused (see
     * {@link SafeOpen}).
     *
     * @throws IllegalArgumentException for a null, blank or directory path
     * @throws UntrustedPathException   for a link, directory or file that another user could control
     * @throws LockException            when the file cannot be created or written, saying why
     */
    static Path prepare(Path file, LockSharing sharing) {
        if (file == null) {
            throw new IllegalArgumentException("lock file path must not be null");
        }
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException("lock file path must not be blank; name a file such as /var/lock/app/orders.lock");
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("Lock file " + absolute + " is a directory; name a file inside it, e.g. "
                    + absolute.resolve("app.lock"));
        }
        if (SafeOpen.AVAILABLE) {
            SafeOpen.Opened opened = SafeOpen.file(absolute, sharing, true);
            opened.close();
            return opened.real();
        }
        createMissing(absolute, sharing);
        if (!Files.isWritable(absolute)) {
            throw new LockException("Lock file " + absolute + " is not writable by this user; fix its permissions "
                    + "(every process that shares the lock needs read and write access)");
        }
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            throw new LockException("Cannot resolve lock file " + absolute + ": " + reason(e), e);
        }
    }

    /**
     * Opens the lock file at {@code realPath}, which {@link #prepare} returned, for reading and
     * writing, and checks it as {@link #prepare} does: never through a link. POSIX only
     * ({@link SafeOpen#AVAILABLE}).
     *
     * @return the open descriptor, which the caller closes
     * @throws LockException if it cannot be opened (a {@link UntrustedPathException} if it is not to be trusted)
     */
    static int open(Path realPath, LockSharing sharing) {
        return SafeOpen.file(realPath, sharing, false).fd();
    }

    /** Closes {@code resource}, ignoring a failure: it is released either way. */
    static void closeQuietly(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Closed either way.
            }
        }
    }

    /**
     * Creates {@code absolute}'s parent directories and the file itself where missing, never
     * truncating an existing file, and checks them as {@link #prepare} does: at the first use, and
     * again when a lock file was deleted.
     *
     * @throws LockException when they cannot be created or are not to be trusted, saying why
     */
    static void createMissing(Path absolute, LockSharing sharing) {
        if (SafeOpen.AVAILABLE) {
            SafeOpen.file(absolute, sharing, true).close();
            return;
        }
        Path dir = absolute.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new LockException("Cannot create lock directory " + dir + ": " + e.getFile()
                    + " exists and is not a directory; choose another location for " + absolute.getFileName(), e);
        } catch (IOException e) {
            throw new LockException("Cannot create lock directory " + dir + ": " + reason(e)
                    + "; create it, or choose a writable directory", e);
        }
        try {
            Files.createFile(absolute);
        } catch (FileAlreadyExistsException alreadyThere) {
            // The normal case after the first run: lock files are kept, never deleted.
        } catch (IOException e) {
            throw new LockException("Cannot create lock file " + absolute + ": " + reason(e)
                    + "; make " + dir + " writable by this user, or choose another directory", e);
        }
    }

    /**
     * The report of a hold lost because its file was {@code what} ("deleted", "replaced by another
     * file", "truncated to 12 bytes") while {@code holder} held it.
     *
     * @param released whether the lock has been released (by unlock) or is still held
     */
    static LockLostException lost(Path path, String what, LockOwner holder, boolean released) {
        String who = holder == null ? "this process" : holder.describe();
        return new LockLostException("Lock file " + path + " was " + what + " while " + who + " held it: another "
                + "process may have locked the new file of that name and run at the same time. "
                + (released ? "The lock is released now. " : "Release the lock and acquire it again. ")
                + "Check what the lock protects, and find what deletes or replaces lock files (a temporary-file "
                + "cleaner such as systemd-tmpfiles, a deploy or cleanup script); keep lock files where nothing "
                + "removes them.");
    }

    /**
     * Why a region lock whose file was {@code what} ("deleted", "replaced by another file",
     * "truncated to 12 bytes") while in use can no longer be used, and what to do.
     *
     * @param kind  how messages name the file, e.g. "Mmap lock file"
     * @param maker the lock's class, whose {@code of} makes a new lock for the path
     */
    static String unusable(String kind, Path path, String what, Class<?> maker) {
        return kind + " " + path + " was " + what + " while in use, so this " + maker.getSimpleName() + " can no "
                + "longer be used: other processes that open the path use another file. Obtain a new lock with "
                + maker.getSimpleName() + ".of, and never delete, replace or truncate the file while processes use it.";
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
