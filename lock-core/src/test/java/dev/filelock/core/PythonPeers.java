package dev.filelock.core;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the Python interpreters the interoperability tests run as real peers. */
final class PythonPeers {

    private static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");

    private PythonPeers() {
    }

    /**
     * An interpreter that imports py-filelock. Fails, never skips, when there is none: CI installs
     * Debian's python3-filelock ({@code .ci/run}), so a skip would hide a broken set-up.
     */
    static String withPyFilelock() throws Exception {
        for (String python : CANDIDATES) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import filelock").redirectErrorStream(true).start();
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                if (p.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
                p.destroyForcibly();
            } catch (java.io.IOException notThere) {
                // Try the next one.
            }
        }
        throw new AssertionError("No Python interpreter imports py-filelock (tried " + CANDIDATES + "); install "
                + "Debian's python3-filelock (apt-get install python3-filelock), as .ci/run does");
    }
}
