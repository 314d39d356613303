package dev.filelock.spring.local;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Maps the keys of a {@code file} lock split by key onto a fixed number of lock files ("lock
 * striping"): key {@code k} takes file {@code <file>.keys/<CRC-32 of k's UTF-8 bytes mod 1024>},
 * written with four digits. A process in another language takes the same file with, in Python,
 * {@code "%04d" % (zlib.crc32(k.encode()) % 1024)}.
 */
final class KeyStripes {

    /** How many files the keys of one lock share. */
    static final int COUNT = 1024;

    private KeyStripes() {
    }

    /** The stripe of {@code key}, in {@code [0, COUNT)}. */
    static int of(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % COUNT);
    }

    /** The file name of {@code stripe} in the key folder. */
    static String fileName(int stripe) {
        return String.format("%04d", stripe);
    }
}
