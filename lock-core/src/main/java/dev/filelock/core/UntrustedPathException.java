package dev.filelock.core;

import java.nio.file.Path;

/**
 * A lock file, or a folder or link on its way, that another user could turn against this process,
 * refused before anything is written: a symbolic link that someone else owns, a directory another
 * user owns or may write without the sticky bit, a file another user owns (see
 * {@link LockSharing}). {@link #reason()} says what was found, {@link #fix()} what to do; the
 * message is both.
 */
public class UntrustedPathException extends LockException {

    private final transient Path path;
    private final String reason;
    private final String fix;

    public UntrustedPathException(Path path, String reason, String fix) {
        super(reason + ". " + fix);
        this.path = path;
        this.reason = reason;
        this.fix = fix;
    }

    /** The path refused: the link, directory or file. */
    public Path path() {
        return path;
    }

    /** What was found, naming the path, its owner and mode. */
    public String reason() {
        return reason;
    }

    /** What to do about it. */
    public String fix() {
        return fix;
    }
}
