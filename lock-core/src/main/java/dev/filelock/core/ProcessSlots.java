package dev.filelock.core;

import static dev.filelock.core.MmapLayout.SLOT_COUNT;
import static dev.filelock.core.MmapLayout.SLOT_HOST;
import static dev.filelock.core.MmapLayout.SLOT_INCARNATION;
import static dev.filelock.core.MmapLayout.SLOT_PID;
import static dev.filelock.core.MmapLayout.SLOT_SEQUENCE;
import static dev.filelock.core.MmapLayout.SLOT_START;
import static dev.filelock.core.MmapLayout.SLOT_THREAD;
import static dev.filelock.core.MmapLayout.TEXT_ZONE;
import static dev.filelock.core.MmapLayout.slotAt;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The table of process slots in an mmap lock file. Each process that opens the file claims a free
 * slot by locking its first byte ({@link RangeLocks}) for as long as it keeps the file open, bumps
 * the slot's incarnation and writes who it is. The lock word names a slot and incarnation, so a
 * waiter can ask the kernel whether the holder is still alive: its slot byte is unlocked, or the
 * slot has been claimed again since, only when the holder is gone. A process writes only its own
 * slot; readers use the slot's sequence number (odd while a write is under way) to get a
 * consistent copy.
 */
final class ProcessSlots {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int TEXT_BYTES = TEXT_ZONE - 1;
    private static final int READ_ATTEMPTS = 10_000;
    private static final long START_MILLIS = ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(0L);

    /** A consistent copy of one slot. */
    record Entry(long incarnation, long pid, long startMillis, String host, String thread) {
    }

    private final ByteBuffer mapping;
    private final RangeLocks locks;
    private final Path path;

    ProcessSlots(ByteBuffer mapping, RangeLocks locks, Path path) {
        this.mapping = mapping;
        this.locks = locks;
        this.path = path;
    }

    /**
     * Claims a free slot for this process and records who it is.
     *
     * @return the slot's index; its incarnation is {@link #incarnation(int)}
     */
    int claim() throws IOException {
        for (int slot = 0; slot < SLOT_COUNT; slot++) {
            if (locks.tryLock(slotAt(slot))) {
                int at = slotAt(slot);
                long incarnation = (long) LONGS.getVolatile(mapping, at + SLOT_INCARNATION) + 1;
                write(slot, () -> {
                    LONGS.set(mapping, at + SLOT_INCARNATION, incarnation);
                    LONGS.set(mapping, at + SLOT_PID, ProcessInfo.PID);
                    LONGS.set(mapping, at + SLOT_START, START_MILLIS);
                    putText(at + SLOT_HOST, ProcessInfo.HOST);
                    putText(at + SLOT_THREAD, "");
                });
                return slot;
            }
        }
        throw new LockException("All " + SLOT_COUNT + " process slots of mmap lock file " + path + " are in use: at most "
                + SLOT_COUNT + " processes can have one mmap lock file open at a time.");
    }

    long incarnation(int slot) {
        return (long) LONGS.getVolatile(mapping, slotAt(slot) + SLOT_INCARNATION);
    }

    /** Records which thread of this process holds (or is about to hold) the lock; own slot only. */
    void writeThread(int slot, String thread) {
        write(slot, () -> putText(slotAt(slot) + SLOT_THREAD, thread));
    }

    /**
     * Whether the process that had {@code slot} at {@code incarnation} still has the file open.
     * Asked about other processes' slots only.
     */
    boolean isAlive(int slot, long incarnation) throws IOException {
        return locks.isLockedByOther(slotAt(slot)) && incarnation(slot) == incarnation;
    }

    /**
     * A consistent copy of {@code slot}, retrying while its process rewrites it; null if the slot
     * stays mid-write (its process died or was stopped while writing).
     */
    Entry read(int slot) {
        int at = slotAt(slot);
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long before = (long) LONGS.getAcquire(mapping, at + SLOT_SEQUENCE);
            if ((before & 1) == 0) {
                Entry entry = new Entry((long) LONGS.get(mapping, at + SLOT_INCARNATION),
                        (long) LONGS.get(mapping, at + SLOT_PID), (long) LONGS.get(mapping, at + SLOT_START),
                        getText(at + SLOT_HOST), getText(at + SLOT_THREAD));
                VarHandle.loadLoadFence();
                if ((long) LONGS.getOpaque(mapping, at + SLOT_SEQUENCE) == before) {
                    return entry;
                }
            }
            Thread.onSpinWait();
        }
        return null;
    }

    // A seqlock write: odd sequence while writing, the next even one when done. A sequence left
    // odd by a process that died mid-write is moved on to the next odd one, keeping the parity.
    private void write(int slot, Runnable fields) {
        int at = slotAt(slot) + SLOT_SEQUENCE;
        long writing = ((long) LONGS.getOpaque(mapping, at) + 1) | 1;
        LONGS.setOpaque(mapping, at, writing);
        VarHandle.storeStoreFence();
        fields.run();
        LONGS.setRelease(mapping, at, writing + 1);
    }

    private void putText(int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, TEXT_BYTES);
        // Cut a long name at a character boundary, never inside a UTF-8 sequence.
        while (length < bytes.length && length > 0 && (bytes[length] & 0xC0) == 0x80) {
            length--;
        }
        mapping.put(at, (byte) length);
        mapping.put(at + 1, bytes, 0, length);
    }

    private String getText(int at) {
        int length = Math.min(mapping.get(at) & 0xFF, TEXT_BYTES);
        byte[] bytes = new byte[length];
        mapping.get(at + 1, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
