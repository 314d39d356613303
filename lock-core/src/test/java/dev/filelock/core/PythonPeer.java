package dev.filelock.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python tool's shared-memory lock as a child process: {@code pymmap.py} (see its usage) run
 * by an interpreter that imports py-filelock and portalocker (the other tests' Python peers use
 * them too). Debian's {@code /usr/bin/python3} with {@code python3-filelock} and
 * {@code python3-portalocker} is tried first, then {@code python3} on the path; when none imports
 * them, the test fails (CI installs the packages, so a skip would hide a broken set-up).
 */
public final class PythonPeer {

    private static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");
    private static String interpreter;

    private final Path script;

    private PythonPeer(Path script) {
        this.script = script;
    }

    /** Copies the script into {@code dir} (a test's own directory). */
    public static PythonPeer in(Path dir) {
        Path script = dir.resolve("pymmap.py");
        try (InputStream in = PythonPeer.class.getResourceAsStream("/pymmap.py")) {
            Files.copy(in, script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy pymmap.py into " + dir, e);
        }
        return new PythonPeer(script);
    }

    /** Starts {@code pymmap.py MODE ARGS...}. */
    public ChildJvm start(String mode, Object... args) {
        List<String> command = new ArrayList<>(List.of(interpreter(), script.toString(), mode));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return ChildJvm.command(command);
    }

    /** The first candidate that imports py-filelock and portalocker. */
    public static synchronized String interpreter() {
        if (interpreter == null) {
            interpreter = CANDIDATES.stream().filter(PythonPeer::importsLockLibraries).findFirst()
                    .orElseThrow(() -> new AssertionError("No Python interpreter imports py-filelock and portalocker (tried "
                            + CANDIDATES + "). Install them: apt-get install python3-filelock python3-portalocker "
                            + "(.ci/run does)."));
        }
        return interpreter;
    }

    private static boolean importsLockLibraries(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import filelock, portalocker").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
