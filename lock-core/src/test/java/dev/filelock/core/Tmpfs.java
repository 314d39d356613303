package dev.filelock.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted by a test, unmounted by {@link #close()}: a full disk or a read-only file
 * system on demand. Mounting needs root (CI runs as root); elsewhere the test is skipped with the
 * reason printed.
 */
final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs with {@code options} (e.g. {@code size=64k}) on {@code mountPoint}, made if missing. */
    static Tmpfs mount(Path mountPoint, String options) throws Exception {
        Files.createDirectories(mountPoint);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString()) == 0;
        if (!mounted) {
            String reason = "skipped: mounting a tmpfs (" + options + ") needs root; user is "
                    + System.getProperty("user.name");
            System.out.println(reason);
            assumeTrue(false, reason);
        }
        return new Tmpfs(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** Fills the file system with one file until no byte more fits; returns that file. */
    Path fill() throws Exception {
        Path filler = mountPoint.resolve("filler");
        byte[] block = new byte[1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (java.io.IOException full) {
            // No space left on device: the point.
        }
        return filler;
    }

    // Lazily: the locks a test made keep their files open until they are collected.
    @Override
    public void close() throws Exception {
        if (run("umount", "--lazy", mountPoint.toString()) != 0) {
            throw new AssertionError("cannot unmount the test's tmpfs " + mountPoint);
        }
    }

    static int run(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!p.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
