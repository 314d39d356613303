package dev.filelock.core;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's identity, read once. */
final class ProcessInfo {

    static final long PID = ProcessHandle.current().pid();
    static final String HOST = hostName();

    private ProcessInfo() {
    }

    // A DNS lookup can take seconds on a badly configured machine; try the cheap sources first.
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String s = Files.readString(etc).trim();
                if (!s.isEmpty()) {
                    return s;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
