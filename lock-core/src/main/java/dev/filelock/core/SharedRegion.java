package dev.filelock.core;

/**
 * The user's bytes of an {@link MmapLock}: a fixed-length region of a file mapped into every
 * process that uses the lock. Only the thread that holds the lock may use it; any other access
 * throws {@link IllegalStateException}. Offsets are relative to the start of the user's bytes (the
 * lock's own header is never reachable through this view); an access outside {@code [0, length())}
 * throws {@link IndexOutOfBoundsException}. Numbers are stored little-endian.
 */
public interface SharedRegion {

    /** The region's length in bytes, as the lock was declared. */
    int length();

    byte getByte(int offset);

    void putByte(int offset, byte value);

    int getInt(int offset);

    void putInt(int offset, int value);

    long getLong(int offset);

    void putLong(int offset, long value);

    /** A copy of {@code length} bytes from {@code offset}. */
    byte[] getBytes(int offset, int length);

    void putBytes(int offset, byte[] bytes);

    /**
     * Reads a string written by {@link #putString}: a 4-byte length followed by that many bytes of
     * UTF-8. A region never written (all zeros) reads as the empty string.
     */
    String getString(int offset);

    /**
     * Writes {@code value} as a 4-byte length and its UTF-8 bytes.
     *
     * @throws IndexOutOfBoundsException if it does not fit between {@code offset} and the end
     */
    void putString(int offset, String value);

    /**
     * Whether this hold took the lock over from a holder that died while holding it: the region
     * may be half-written, so check or rebuild it.
     */
    boolean recoveredFromCrash();

    /**
     * The lock's generation: increases by one with every acquisition by any process, so it can
     * serve as a fencing token.
     */
    long generation();
}
