package dev.filelock.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who may use a lock's files: this user alone ({@link #PRIVATE}, the default), or the members of a
 * group, on purpose ({@link #group(String)}).
 * <p>
 * Private: files are created {@code rw-------} and folders {@code rwx------}, whatever the umask,
 * and a lock directory that another user owns, or that group or others may write without the
 * sticky bit, is refused: whoever can rename or plant files in it can break the lock or turn it
 * against this process. A file owned by another user (root apart) is refused too.
 * <p>
 * Shared with a group: files are created with {@link #fileMode()} (by default {@code rw-rw----})
 * and given the group, folders get the same mode with search ({@code x}) where it can be read,
 * plus the set-group-ID bit, so that files other tools create in them (a Python peer) get the group
 * as well. A directory or file of that group is accepted whoever owns it; the group's members are
 * trusted. Beware: read access to a lock file is the power to hold it ({@code flock} needs only a
 * descriptor opened for reading), so give the group only to users trusted with the lock.
 *
 * @param group    the group that shares the files, by name or number; null for {@link #PRIVATE}
 * @param fileMode the permissions of the files the library creates; must give the owner read and
 *                 write, no one execute, and without a group nothing to the group or to others
 */
public record LockSharing(String group, Set<PosixFilePermission> fileMode) {

    private static final Set<PosixFilePermission> EXECUTE = EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    private static final int SET_GROUP_ID = 02000;

    /** This user's alone: files {@code rw-------}, folders {@code rwx------}. */
    public static final LockSharing PRIVATE = new LockSharing(null, PosixFilePermissions.fromString("rw-------"));

    public LockSharing {
        Objects.requireNonNull(fileMode, "fileMode");
        fileMode = Set.copyOf(fileMode);
        if (group != null && group.isBlank()) {
            throw new IllegalArgumentException("the sharing group is blank; name a group such as 'locks', or share nothing");
        }
        if (!fileMode.contains(PosixFilePermission.OWNER_READ) || !fileMode.contains(PosixFilePermission.OWNER_WRITE)
                || fileMode.stream().anyMatch(EXECUTE::contains)) {
            throw new IllegalArgumentException("the file mode of lock files is " + PosixFilePermissions.toString(
                    fileMode) + "; it must give the owner read and write and no one execute, e.g. rw-rw----");
        }
        if (group == null && mode(fileMode) != 0600) {
            throw new IllegalArgumentException("the file mode " + PosixFilePermissions.toString(fileMode)
                    + " shares lock files, but no group is named; name the group that shares them, e.g. "
                    + "LockSharing.group(\"locks\", \"rw-rw----\")");
        }
    }

    /** Shared with {@code group}: files {@code rw-rw----}, folders {@code rwxrws---}. */
    public static LockSharing group(String group) {
        return group(group, "rw-rw----");
    }

    /**
     * Shared with {@code group}, files created with {@code fileMode}.
     *
     * @param fileMode nine characters as {@code ls -l} shows them, e.g. {@code rw-rw----}
     * @throws IllegalArgumentException if the mode cannot be read or is not a lock file's
     */
    public static LockSharing group(String group, String fileMode) {
        Objects.requireNonNull(group, "group");
        Set<PosixFilePermission> mode;
        try {
            mode = PosixFilePermissions.fromString(fileMode);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("the file mode of lock files is '" + fileMode + "'; write it as ls -l "
                    + "shows it, nine characters such as rw-rw----", e);
        }
        return new LockSharing(group, mode);
    }

    /**
     * Makes the lock directory {@code directory} (and its missing parents) when missing, with this
     * sharing's mode and group, and checks it as every lock checks its file's directory: for a
     * start-up check, before any lock is used.
     *
     * @return its real path
     * @throws UntrustedPathException if it, or a link on the way, could be another user's
     * @throws LockException          if it cannot be made or opened, saying why
     */
    public Path prepareDirectory(Path directory) {
        Path absolute = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        if (SafeOpen.AVAILABLE) {
            return SafeOpen.directory(absolute, this);
        }
        try {
            return Files.createDirectories(absolute).toRealPath();
        } catch (IOException e) {
            throw new LockException("Cannot create lock directory " + absolute + ": " + LockFiles.reason(e)
                    + "; create it, or choose a directory this user can write", e);
        }
    }

    /** Whether other users share the files: a group is named. */
    public boolean isShared() {
        return group != null;
    }

    @Override
    public String toString() {
        return group == null ? "private" : "shared with group " + group + " (" + PosixFilePermissions.toString(fileMode)
                + ")";
    }

    /** The mode of the files the library creates, as a number: {@code 0600}. */
    int fileBits() {
        return mode(fileMode);
    }

    /** The mode of the folders the library creates: the file mode with search where it reads, set-group-ID when shared. */
    int folderBits() {
        int bits = fileBits();
        bits |= (bits & 0444) >> 2;
        return group == null ? bits : bits | SET_GROUP_ID;
    }

    /** Whether {@link #fileMode()} lets others (not the group) write: then a folder others may write is meant. */
    boolean othersWrite() {
        return fileMode.contains(PosixFilePermission.OTHERS_WRITE);
    }

    static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((bits & 0400 >> p.ordinal()) != 0) {
                permissions.add(p);
            }
        }
        return permissions;
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 0400 >> p.ordinal();
        }
        return bits;
    }
}
