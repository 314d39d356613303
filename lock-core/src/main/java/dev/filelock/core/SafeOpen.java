package dev.filelock.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

/**
 * Opens lock files and makes their folders the way OpenSSH's {@code safe_path()}, systemd's
 * {@code chase()} and py-filelock do, so that no other user of the machine can break a lock, block
 * it, or turn it against this process (CWE-59):
 * <ul>
 * <li>A symbolic link on the way to the lock directory is followed only when root or this user
 * owns it: the rule the kernel's {@code protected_symlinks} applies in sticky folders, so that
 * Debian's {@code /var/lock -> /run/lock} keeps working.</li>
 * <li>The lock directory is opened (never through a final link) and checked on that descriptor:
 * owned by this user or root and writable by no one else, unless it is sticky or
 * {@linkplain LockSharing shared on purpose} with its group.</li>
 * <li>The file is looked up in that open directory ({@code openat}) without following a final link
 * ({@code O_NOFOLLOW}), created only with {@code O_EXCL}, then checked on its descriptor: a
 * regular file owned by this user or root (or of the sharing group).</li>
 * <li>What it creates gets its mode explicitly ({@code fchmod}), whatever the umask: files
 * {@code 0600}, folders {@code 0700}, or the sharing's modes and group.</li>
 * </ul>
 * POSIX only ({@link #AVAILABLE}); the checks of a descriptor need Linux's {@code statx}, elsewhere
 * they read the path without following it, right after the open.
 */
final class SafeOpen {

    /** Whether the checks apply: every POSIX system. Windows has no owners and modes of this kind. */
    static final boolean AVAILABLE = !Platform.isWindows();

    private static final int EUID = AVAILABLE ? LibC.geteuid() : -1;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFDIR = 0040000;
    private static final int STICKY = 01000;
    private static final int MAX_OPENS = 10;
    /** As Linux's ELOOP limit. */
    private static final int MAX_LINKS = 40;

    private SafeOpen() {
    }

    /**
     * The checked lock directory {@code dir}, made (with its missing parents) when missing; its real
     * path, which names no link.
     *
     * @throws UntrustedPathException if a link, or the directory, could be another user's
     * @throws LockException          if it cannot be made or opened, saying why
     */
    static Path directory(Path dir, LockSharing sharing) {
        Path real = walk(dir, sharing);
        openDirectory(real, sharing).close();
        return real;
    }

    /**
     * Opens the lock file {@code file} (an absolute path) for reading and writing, making it and its
     * folders when {@code create} says so, and checks it. The caller closes the descriptor.
     *
     * @return the descriptor and the file's real path
     * @throws UntrustedPathException if the file, its directory or a link on the way could be another user's
     * @throws LockException          if it cannot be made or opened, saying why
     */
    static Opened file(Path file, LockSharing sharing, boolean create) {
        Path dir = create ? walk(file.getParent(), sharing) : file.getParent();
        String name = file.getFileName().toString();
        Path real = dir.resolve(name);
        try (Directory open = openDirectory(dir, sharing)) {
            for (int attempt = 1; ; attempt++) {
                int fd;
                boolean created = false;
                try {
                    fd = LibC.openat(open.fd, name, LibC.O_RDWR | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.ENOENT || !create) {
                        throw failure("Cannot open lock file", real, e);
                    }
                    try {
                        fd = LibC.openat(open.fd, name, LibC.O_RDWR | LibC.O_NOFOLLOW | LibC.O_CLOEXEC | LibC.O_CREAT
                                | LibC.O_EXCL, sharing.fileBits());
                        created = true;
                    } catch (LastErrorException raced) {
                        if (raced.getErrorCode() == LibC.EEXIST && attempt < MAX_OPENS) {
                            continue;
                        }
                        throw failure("Cannot create lock file", real, raced);
                    }
                }
                Opened opened = new Opened(fd, real);
                try {
                    if (created) {
                        setMode(fd, real, sharing.fileBits(), sharing);
                    }
                    checkFile(fd, real, sharing);
                    return opened;
                } catch (RuntimeException e) {
                    opened.close();
                    throw e;
                }
            }
        }
    }

    /** An open, checked lock file: its descriptor and real path. */
    record Opened(int fd, Path real) {

        void close() {
            LockFiles.closeQuietly(() -> LibC.close(fd));
        }
    }

    // Follows only links root or this user made; makes what is missing, private or as shared.
    private static Path walk(Path dir, LockSharing sharing) {
        return follow(dir.getRoot(), dir, sharing, new int[1], dir);
    }

    /**
     * Looks up {@code names} one by one from {@code at}, a folder whose path names no link, as the
     * kernel would, so that every link on the way is seen, those inside a link's target included:
     * the real path reached.
     */
    private static Path follow(Path at, Path names, LockSharing sharing, int[] links, Path dir) {
        for (Path name : names) {
            String n = name.toString();
            if (n.equals("..")) {
                // Lexically right, since at names no link.
                at = at.getParent() == null ? at : at.getParent();
                continue;
            }
            if (n.equals(".") || n.isEmpty()) {
                continue;
            }
            Path next = at.resolve(n);
            Map<String, Object> found = lstat(next);
            while (found == null) {
                makeFolder(next, sharing);
                found = lstat(next);
            }
            int type = (Integer) found.get("mode") & S_IFMT;
            if (type == S_IFDIR) {
                at = next;
                continue;
            }
            if (type != S_IFLNK) {
                throw new LockException("Cannot create lock directory " + dir + ": " + next + " exists and is not a "
                        + "directory; choose another location for the lock");
            }
            int uid = (Integer) found.get("uid");
            if (uid != EUID && uid != 0) {
                throw new UntrustedPathException(next, "Symbolic link " + next + " on the way to lock directory " + dir
                        + " is owned by " + owner(next, uid) + ", neither this user (" + owner(EUID) + ") nor root: "
                        + "whoever owns a link decides where it leads, so file-lock follows only links that root or "
                        + "this user made (the kernel's protected_symlinks rule)",
                        "Replace the link with a folder or a link of this user's, or choose a lock directory whose "
                                + "path does not go through it");
            }
            if (++links[0] > MAX_LINKS) {
                throw new LockException("Cannot open lock directory " + dir + ": more than " + MAX_LINKS + " symbolic "
                        + "links on the way (a loop?); choose another location for the lock");
            }
            Path target;
            try {
                target = Files.readSymbolicLink(next);
            } catch (IOException e) {
                throw new LockException("Cannot read symbolic link " + next + ": " + LockFiles.reason(e), e);
            }
            at = follow(target.isAbsolute() ? target.getRoot() : at, target, sharing, links, dir);
        }
        return at;
    }

    private static Map<String, Object> lstat(Path path) {
        try {
            return Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new LockException("Cannot read " + path + ", on the way to a lock directory: " + LockFiles.reason(e)
                    + "; make it readable by this user, or choose another lock directory", e);
        }
    }

    // Made no wider than asked whatever the umask (mkdir's mode only narrows), then given exactly
    // the mode and group through a descriptor, which cannot be a link planted meanwhile.
    private static void makeFolder(Path path, LockSharing sharing) {
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(LockSharing.permissions(
                    sharing.folderBits())));
        } catch (FileAlreadyExistsException raced) {
            return;
        } catch (IOException e) {
            throw new LockException("Cannot create lock directory " + path + ": " + LockFiles.reason(e)
                    + "; create it, or choose a directory this user can write", e);
        }
        try (Directory made = new Directory(openDirectoryFd(path), path)) {
            if (attributes(made.fd, path).uid == EUID) {
                setMode(made.fd, path, sharing.folderBits(), sharing);
            }
        }
    }

    private static Directory openDirectory(Path dir, LockSharing sharing) {
        Directory open = new Directory(openDirectoryFd(dir), dir);
        try {
            checkDirectory(open.fd, dir, sharing);
            return open;
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
    }

    private static int openDirectoryFd(Path dir) {
        try {
            return LibC.open(dir.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure("Cannot open lock directory", dir, e);
        }
    }

    private static void setMode(int fd, Path path, int mode, LockSharing sharing) {
        try {
            if (sharing.isShared()) {
                LibC.fchown(fd, -1, gid(sharing));
            }
            LibC.fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw new LockException("Cannot give " + path + " the mode " + Integer.toOctalString(mode)
                    + (sharing.isShared() ? " and the group " + sharing.group() : "") + ": "
                    + LibC.strerror(e.getErrorCode()) + (sharing.isShared() ? "; make this user a member of group "
                    + sharing.group() + ", or share with a group it is in" : ""), e);
        }
    }

    private static void checkDirectory(int fd, Path dir, LockSharing sharing) {
        Attributes found = attributes(fd, dir);
        boolean ofGroup = sharing.isShared() && found.gid == gid(sharing);
        boolean sticky = (found.mode & STICKY) != 0;
        String problem = null;
        if (found.uid != EUID && found.uid != 0 && !ofGroup) {
            problem = "is owned by " + owner(dir, found.uid);
        } else if ((found.mode & 002) != 0 && !sticky && !(ofGroup && sharing.othersWrite())) {
            problem = "may be written by every user";
        } else if ((found.mode & 020) != 0 && !sticky && !ofGroup) {
            problem = "may be written by group " + group(dir);
        }
        if (problem == null) {
            return;
        }
        throw new UntrustedPathException(dir, "Lock directory " + dir + " " + problem + " (owner " + owner(dir, found.uid)
                + ", group " + group(dir) + ", mode " + mode(found.mode) + "): another user could rename the lock files "
                + "in it, or plant files and links there, and so break the locks or turn them against this process",
                sharing.isShared()
                        ? "Give the directory the group " + sharing.group() + " (chgrp " + sharing.group() + " " + dir
                                + "), or choose a directory of this user's"
                        : "Use a directory that only this user can write (remove this one if nothing needs it, or "
                                + "choose another), or, to share locks with other users on purpose, give the directory a "
                                + "group and name it in the sharing setting (LockSharing.group; in Spring Boot, "
                                + "file-lock.sharing.group)");
    }

    private static void checkFile(int fd, Path file, LockSharing sharing) {
        Attributes found = attributes(fd, file);
        if (!found.regular) {
            throw new LockException("Lock file " + file + " is not a regular file; lock files must be plain files. "
                    + "Choose another name for the lock");
        }
        boolean ofGroup = sharing.isShared() && found.gid == gid(sharing);
        if (found.uid != EUID && found.uid != 0 && !ofGroup) {
            throw new UntrustedPathException(file, "Lock file " + file + " is owned by " + owner(file, found.uid)
                    + " (mode " + mode(found.mode) + "), neither this user (" + owner(EUID) + ") nor root: a file "
                    + "another user made could be turned against this process, and " + (sharing.isShared()
                            ? "it is not of the sharing group " + sharing.group() : "this lock is not shared"),
                    sharing.isShared()
                            ? "Give it the group " + sharing.group() + " (chgrp " + sharing.group() + " " + file
                                    + "), or remove it when no process uses it"
                            : "Remove it when no process uses it, or, to share the lock with that user on purpose, "
                                    + "share it through a group (LockSharing.group; in Spring Boot, "
                                    + "file-lock.sharing.group)");
        }
    }

    private record Attributes(boolean regular, int uid, int gid, int mode) {
    }

    private static Attributes attributes(int fd, Path path) {
        if (FileStat.AVAILABLE) {
            FileStat stat = stat(fd, path);
            return new Attributes(stat.isRegularFile(), stat.uid, stat.gid, stat.permissions());
        }
        // No fstat binding here: the path, read without following it, right after the open.
        try {
            Map<String, Object> found = Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) found.get("mode");
            return new Attributes(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS), (Integer) found.get("uid"),
                    (Integer) found.get("gid"), mode & 07777);
        } catch (IOException e) {
            throw new LockException("Cannot read the owner of " + path + ": " + LockFiles.reason(e), e);
        }
    }

    private static FileStat stat(int fd, Path path) {
        try {
            return FileStat.of(fd, path);
        } catch (IOException e) {
            throw new LockException("Cannot read the owner of " + path + ": " + e.getMessage(), e);
        }
    }

    /** The sharing group's number, by name or number. Synchronized: getgrnam's answer is a static buffer. */
    private static synchronized int gid(LockSharing sharing) {
        String group = sharing.group();
        if (group.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(group);
        }
        Pointer entry = LibC.getgrnam(group);
        if (entry == null) {
            throw new LockException("The sharing group '" + group + "' does not exist on this machine; create it "
                    + "(groupadd " + group + "), or name an existing group");
        }
        return entry.getInt(2L * Native.POINTER_SIZE);
    }

    private static LockException failure(String what, Path path, LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == LibC.ELOOP) {
            String owner;
            try {
                owner = owner(path, (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            } catch (IOException | RuntimeException unknown) {
                owner = "an unknown user";
            }
            return new UntrustedPathException(path, what + " " + path + ": it is a symbolic link, owned by " + owner
                    + ", and file-lock never follows a link in a lock file's place: someone could have planted it to "
                    + "make this process write into its target",
                    "Remove the link (the lock file is created in its place), or name the lock's real file");
        }
        String reason = LibC.strerror(errno).toLowerCase(Locale.ROOT);
        String fix = errno == LibC.EACCES ? "; make it readable and writable by this user (every process that shares the "
                + "lock needs read and write access), or choose another location"
                : errno == 20 ? "; a part of the path is not a directory, choose another location"
                : "; check the path, or choose another location";
        return new LockException(what + " " + path + ": " + reason + " (errno " + errno + ")" + fix, e);
    }

    // Owner and group names for messages; a number when the name is unknown.
    private static String owner(Path path, int uid) {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName() + " (uid " + uid + ")";
        } catch (IOException | RuntimeException e) {
            return "uid " + uid;
        }
    }

    private static String owner(int uid) {
        return uid == 0 ? "root" : System.getProperty("user.name") + ", uid " + uid;
    }

    private static String group(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code 0777 (rwxrwxrwx)}, {@code 1777 (rwxrwxrwx, sticky)}. */
    private static String mode(int mode) {
        StringBuilder rwx = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            rwx.append((mode & 0400 >> i) == 0 ? '-' : "rwx".charAt(i % 3));
        }
        return String.format("%04o (%s%s)", mode & 07777, rwx, (mode & STICKY) != 0 ? ", sticky" : "");
    }

    /** An open directory, closed by try-with-resources. */
    private record Directory(int fd, Path path) implements AutoCloseable {

        @Override
        public void close() {
            LockFiles.closeQuietly(() -> LibC.close(fd));
        }
    }
}
