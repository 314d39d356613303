package dev.filelock.spring.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a lock key into a file name that stays inside the key folder: letters, digits, {@code _},
 * {@code -} and inner dots are kept; every other byte of its UTF-8 form becomes {@code %XX}, so no
 * key holds a separator, none is {@code .} or {@code ..}, and two different keys never share a
 * file. Long keys are shortened with a hash of the whole key.
 */
final class KeyFileNames {

    static final int MAX_LENGTH = 120;

    private KeyFileNames() {
    }

    /** The file name for {@code key}. */
    static String of(String key) {
        if (key.isEmpty()) {
            return "%empty";
        }
        StringBuilder name = new StringBuilder(key.length());
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isSafe(b) && !(b == '.' && i == 0)) {
                name.append((char) b);
            } else {
                name.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) b));
            }
        }
        if (name.length() <= MAX_LENGTH) {
            return name.toString();
        }
        return name.substring(0, MAX_LENGTH - 65) + "~" + sha256(key);
    }

    private static boolean isSafe(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.';
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
