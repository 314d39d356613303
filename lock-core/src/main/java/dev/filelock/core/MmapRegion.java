package dev.filelock.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The {@link SharedRegion} of a {@link RegionLock}: a little-endian view of the user's bytes that
 * checks, on every access, that the calling thread holds the lock, and remembers whether the hold
 * wrote to it (so that a release forces only a region that changed).
 */
final class MmapRegion implements SharedRegion {

    private final Path path;
    private final HoldFacts facts;
    private final ByteBuffer bytes;
    private final int length;

    // Written only by the holding thread: a thread that never held the lock cannot see itself here.
    private Thread holder;
    private boolean written;

    /** A view of {@code bytes}, which must be little-endian; {@code facts} answers for the hold. */
    MmapRegion(Path path, ByteBuffer bytes, HoldFacts facts) {
        this.path = path;
        this.facts = facts;
        this.bytes = bytes;
        this.length = bytes.capacity();
    }

    /** Opens the region to the current thread, which has just acquired the lock. */
    void begin() {
        this.holder = Thread.currentThread();
        this.written = false;
    }

    /** Closes the region before the lock is released; whether this hold wrote to it. */
    boolean end() {
        holder = null;
        return written;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public byte getByte(int offset) {
        return bytes.get(check(offset, 1));
    }

    @Override
    public void putByte(int offset, byte value) {
        bytes.put(write(offset, 1), value);
    }

    @Override
    public int getInt(int offset) {
        return bytes.getInt(check(offset, Integer.BYTES));
    }

    @Override
    public void putInt(int offset, int value) {
        bytes.putInt(write(offset, Integer.BYTES), value);
    }

    @Override
    public long getLong(int offset) {
        return bytes.getLong(check(offset, Long.BYTES));
    }

    @Override
    public void putLong(int offset, long value) {
        bytes.putLong(write(offset, Long.BYTES), value);
    }

    @Override
    public byte[] getBytes(int offset, int count) {
        if (count < 0) {
            throw new IndexOutOfBoundsException("cannot read " + count + " bytes: the count must not be negative");
        }
        byte[] copy = new byte[count];
        bytes.get(check(offset, count), copy);
        return copy;
    }

    @Override
    public void putBytes(int offset, byte[] values) {
        if (values == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        bytes.put(write(offset, values.length), values);
    }

    @Override
    public String getString(int offset) {
        int size = getInt(offset);
        if (size < 0 || size > length - offset - Integer.BYTES) {
            throw new IllegalStateException("Region of mmap lock " + path + " holds no string at offset " + offset
                    + ": its length prefix is " + size + ", which does not fit the region; was it written with "
                    + "putString?");
        }
        return new String(getBytes(offset + Integer.BYTES, size), StandardCharsets.UTF_8);
    }

    @Override
    public void putString(int offset, String value) {
        if (value == null) {
            throw new IllegalArgumentException("string must not be null; write \"\" for an empty one");
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        write(offset, Integer.BYTES + utf8.length);
        bytes.putInt(offset, utf8.length);
        bytes.put(offset + Integer.BYTES, utf8);
    }

    @Override
    public boolean recoveredFromCrash() {
        checkHolder();
        return facts.recoveredFromCrash();
    }

    @Override
    public long generation() {
        checkHolder();
        return facts.generation();
    }

    @Override
    public String toString() {
        return "SharedRegion[" + path + ", " + length + " bytes]";
    }

    private int write(int offset, int count) {
        check(offset, count);
        written = true;
        return offset;
    }

    private int check(int offset, int count) {
        checkHolder();
        if (offset < 0 || count > length - offset) {
            throw new IndexOutOfBoundsException("Offset " + offset + " + " + count + " bytes is outside the region of "
                    + "mmap lock " + path + " ([0, " + length + "))");
        }
        return offset;
    }

    private void checkHolder() {
        if (holder != Thread.currentThread()) {
            throw new IllegalStateException("Thread '" + Thread.currentThread().getName() + "' does not hold mmap lock "
                    + path + "; only the holding thread may use its region. Acquire the lock first.");
        }
    }
}
