package dev.filelock.stress;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts {@link StressConfig#processes()} child JVMs ({@link StressChild}, with {@code java} from
 * {@code java.home} and this JVM's class path) that hammer one lock, and checks on loopback, from
 * their reports, that no two ever hold it at once: the approach of Lucene's {@code LockStressTest}
 * and {@code LockVerifyServer}. It fails the run on an overlap, on a release by a child that does
 * not hold the lock, on a child that exits non-zero or stops early, and on a run that does not end
 * within the timeout.
 * <p>
 * It also kills holders with {@code kill -9} at {@link StressConfig#kills()} random acquisitions:
 * the killed child's report is not answered, so it is killed while it holds the lock; once it is
 * gone a replacement makes the acquisitions it had left, and the time from the kill signal to the
 * next acquisition by anyone is recorded. A holder's critical section ends when it is sent the
 * signal: acquisitions reported before its death is confirmed are held back until then.
 */
public final class StressVerifier implements AutoCloseable {

    private static final long KILL_WAIT_SECONDS = 60;

    private final StressConfig config;
    private final Path lockFile;
    private final ServerSocket server;
    private final Ledger ledger;
    private final CountDownLatch slotsFinished;
    private final CountDownLatch everyoneConnected;
    private final Map<Integer, Child> currentChild = new ConcurrentHashMap<>();
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final AtomicInteger generations = new AtomicInteger();

    private StressVerifier(StressConfig config) throws IOException {
        this.config = config;
        Files.createDirectories(config.dir());
        this.lockFile = config.dir().resolve("stress-" + config.kind().label() + ".lock");
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.ledger = new Ledger(config.processes(), chooseKills(config));
        this.slotsFinished = new CountDownLatch(config.processes());
        this.everyoneConnected = new CountDownLatch(config.processes());
    }

    /** Runs one stress run and reports what it saw; every child is gone when this returns. */
    public static StressResult run(StressConfig config) throws IOException, InterruptedException {
        config.kind().prepare();
        try (StressVerifier verifier = new StressVerifier(config)) {
            return verifier.execute();
        }
    }

    private StressResult execute() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Thread acceptor = new Thread(this::accept, "stress-verifier-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        for (int slot = 0; slot < config.processes(); slot++) {
            startChild(slot, config.acquisitionsPerProcess());
        }
        if (!slotsFinished.await(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            ledger.fail("the run did not finish within " + config.timeout() + "; logs in " + config.dir());
        }
        return ledger.result(config, System.nanoTime() - start);
    }

    private void startChild(int slot, int acquisitions) throws IOException {
        int generation = generations.incrementAndGet();
        Path log = config.dir().resolve(config.kind().label() + "-slot" + slot + "-" + generation + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"));
        // The servers of the redis and jdbc kinds.
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("filelock.stress."))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                StressChild.class.getName(),
                Integer.toString(server.getLocalPort()), Integer.toString(slot), config.kind().label(),
                lockFile.toString(), Integer.toString(acquisitions), Boolean.toString(config.interrupts()),
                Long.toString(config.seed() * 31 + generation)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Child child = new Child(slot, process, log);
        currentChild.put(slot, child);
        children.add(child);
        process.onExit().thenRun(() -> exited(child));
    }

    private void exited(Child child) {
        if (child.killed) {
            return;
        }
        int code = child.process.exitValue();
        if (code != 0) {
            ledger.fail("slot " + child.slot + " child (pid " + child.process.pid() + ") exited with code " + code
                    + ":\n" + child.logTail());
        } else if (!child.done) {
            ledger.fail("slot " + child.slot + " child (pid " + child.process.pid() + ") exited before it finished:\n"
                    + child.logTail());
        }
        slotsFinished.countDown();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> serve(socket), "stress-verifier-" + socket.getPort());
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                // Closed: the run is over.
            }
        }
    }

    private void serve(Socket socket) {
        Child child = null;
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            if (in.read() != Protocol.HELLO) {
                ledger.fail("a connection did not start with HELLO");
                return;
            }
            int slot = in.readInt();
            child = currentChild.get(slot);
            awaitEveryone();
            out.write(Protocol.ACK);
            out.flush();
            while (true) {
                int message = in.read();
                switch (message) {
                    case -1 -> {
                        ledger.disconnected(slot);
                        return;
                    }
                    case Protocol.ACQUIRED -> {
                        if (ledger.acquired(slot)) {
                            kill(child);
                            return;
                        }
                    }
                    case Protocol.RELEASING -> ledger.releasing(slot);
                    case Protocol.DONE -> {
                        ledger.interruptedWaits(in.readInt());
                        child.done = true;
                    }
                    default -> {
                        ledger.fail("slot " + slot + " sent an unknown message " + message);
                        return;
                    }
                }
                out.write(Protocol.ACK);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            if (child == null || !child.killed) {
                ledger.fail("connection " + (child == null ? "" : "of slot " + child.slot + " ") + "failed: " + e);
            }
        }
    }

    // The first children start hammering together, so that they contend from the first acquisition.
    private void awaitEveryone() {
        everyoneConnected.countDown();
        try {
            if (!everyoneConnected.await(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                ledger.fail("not every child connected within " + config.timeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Called while the child waits for the answer to its ACQUIRED report: it dies holding the lock.
    private void kill(Child child) {
        child.killed = true;
        long signal = System.nanoTime();
        child.process.destroyForcibly();
        try {
            if (!child.process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                ledger.fail("slot " + child.slot + " child (pid " + child.process.pid() + ") survived kill -9 for "
                        + KILL_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ledger.killed(child.slot, signal);
        }
        int left = config.acquisitionsPerProcess() - ledger.acquiredBy(child.slot);
        if (left == 0) {
            slotsFinished.countDown();
            return;
        }
        try {
            startChild(child.slot, left);
        } catch (IOException e) {
            ledger.fail("cannot start the replacement of killed slot " + child.slot + ": " + e);
            slotsFinished.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Child child : children) {
            child.process.destroyForcibly();
        }
        for (Child child : children) {
            try {
                child.process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Set<Long> chooseKills(StressConfig config) {
        SplittableRandom random = new SplittableRandom(config.seed());
        Set<Long> at = new HashSet<>();
        // Never the last acquisition: every kill is followed by one, which measures the recovery.
        while (at.size() < config.kills()) {
            at.add(random.nextLong(1, config.totalAcquisitions()));
        }
        return at;
    }

    private static final class Child {
        final int slot;
        final Process process;
        final Path log;
        volatile boolean killed;
        volatile boolean done;

        Child(int slot, Process process, Path log) {
            this.slot = slot;
            this.process = process;
            this.log = log;
        }

        String logTail() {
            try {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }
}
