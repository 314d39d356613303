package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Other users of the machine, tried as a hostile neighbour would: an attacker (a second identity,
 * taken with {@code setpriv --reuid --regid --clear-groups}, no account needed) who has only what
 * any local user has, against a victim that is the build's user (root here and in CI) or a third
 * identity. Every lock kind ({@code flock}, {@code posix}, {@code mmap}, {@code python}) is tried.
 * Taking other identities needs root: run as another user, the suite is skipped and says why; as
 * root without {@code setpriv} it fails.
 */
class HostileNeighbourTest {

    private static final int ATTACKER = 64101;
    private static final int NEIGHBOUR = 64102;
    private static final int PEER = 64103;
    private static final int GROUP = 64110;
    private static final String SETPRIV = "/usr/bin/setpriv";

    @TempDir
    static Path shared;
    private static Path classpath;

    @TempDir
    Path tmp;
    /** Reachable by every identity: {@code tmp} made 0755. */
    private Path base;
    /** A folder like {@code /tmp}: root's, sticky, every user may create files in it. */
    private Path sticky;
    /** The victim's private folder, where a planted link points. */
    private Path victim;

    @BeforeAll
    static void takeOtherIdentities() throws IOException {
        if (LibC.geteuid() != 0) {
            String reason = "skipped: the hostile-neighbour suite takes other users' identities with setpriv, which needs "
                    + "root (CI runs as root); user is " + System.getProperty("user.name");
            System.out.println(reason);
            assumeTrue(false, reason);
        }
        assertThat(Files.isExecutable(Path.of(SETPRIV))).as("%s (util-linux) takes the other identities; as root "
                + "the suite must run: install util-linux", SETPRIV).isTrue();
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        classpath = readableClasspath(shared.resolve("cp"));
        System.out.println("hostile-neighbour suite: running as root; attacker uid " + ATTACKER + ", other victims uid "
                + NEIGHBOUR + " and " + PEER + ", sharing group " + GROUP + ", through " + SETPRIV);
    }

    @BeforeEach
    void folders() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        base = tmp;
        sticky = Files.createDirectory(base.resolve("sticky"));
        chmod(sticky, 01777);
        victim = Files.createDirectory(base.resolve("victim"));
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rwx------"));
    }

    static Stream<Arguments> kindsAndTargets() {
        return Stream.of("flock", "posix", "mmap", "python").flatMap(kind -> Stream.of("missing", "empty", "non-empty")
                .map(target -> Arguments.of(kind, target)));
    }

    @ParameterizedTest(name = "{0}, {1} target")
    @MethodSource("kindsAndTargets")
    void aLinkPlantedAtTheLockFileIsRefusedAndItsTargetLeftAsItWas(String kind, String target) throws Exception {
        Path secret = victim.resolve("secret");
        if (!target.equals("missing")) {
            Files.writeString(secret, target.equals("empty") ? "" : "the victim's precious bytes\n");
        }
        Path link = sticky.resolve("app.lock");
        attacker("ln -s " + secret + " " + link);
        Map<String, String> before = contents(victim);

        assertThatThrownBy(() -> NeighbourWorker.open(kind, link, LockSharing.PRIVATE))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageContaining(link.toString()).hasMessageContaining("symbolic link")
                .hasMessageContaining("uid " + ATTACKER);
        assertThat(contents(victim)).isEqualTo(before);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.exists(link.resolveSibling("app.lock.lock"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "empty", "non-empty"})
    void aLinkPlantedAtAPythonRegionsLockSiblingIsRefusedAndItsTargetLeftAsItWas(String target) throws Exception {
        Path secret = victim.resolve("secret");
        if (!target.equals("missing")) {
            Files.writeString(secret, target.equals("empty") ? "" : "the victim's precious bytes\n");
        }
        attacker("ln -s " + secret + " " + sticky.resolve("region.lock"));
        Map<String, String> before = contents(victim);

        assertThatThrownBy(() -> NeighbourWorker.open("python", sticky.resolve("region"), LockSharing.PRIVATE))
                .isInstanceOf(UntrustedPathException.class).hasMessageContaining("uid " + ATTACKER);
        assertThat(contents(victim)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix", "mmap", "python"})
    void aLinkPlantedAtTheKeyFolderIsRefusedAndTheFolderItNamesLeftAsItWas(String kind) throws Exception {
        Files.writeString(victim.resolve("notes"), "mine");
        Path keys = sticky.resolve("orders.lock.keys");
        attacker("ln -s " + victim + " " + keys);
        Map<String, String> before = contents(victim);

        assertThatThrownBy(() -> NeighbourWorker.open(kind, keys.resolve("17"), LockSharing.PRIVATE))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageContaining(keys.toString()).hasMessageContaining("uid " + ATTACKER)
                .hasMessageContaining("protected_symlinks");
        assertThat(contents(victim)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix", "mmap", "python"})
    void aLinkOfRootsOnTheWayIsFollowedAsDebiansVarLockIs(String kind) throws Exception {
        Path runLock = Files.createDirectory(base.resolve("run-lock"));
        Path varLock = Files.createSymbolicLink(base.resolve("var-lock"), runLock);

        InterProcessLock lock = NeighbourWorker.open(kind, varLock.resolve("app.lock"), LockSharing.PRIVATE);

        assertThat(lock.tryLock(0, TimeUnit.MILLISECONDS)).isTrue();
        lock.unlock();
        assertThat(runLock.resolve("app.lock")).isRegularFile();
    }

    @Test
    void aLinkOfAnotherUsersInsideTheTargetOfALinkOfRootsIsRefused() throws Exception {
        attacker("ln -s " + victim + " " + sticky.resolve("evil"));
        Path roots = Files.createSymbolicLink(base.resolve("roots"), sticky.resolve("evil/sub"));
        Map<String, String> before = contents(victim);

        assertThatThrownBy(() -> FileLock.of(roots.resolve("app.lock")))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageContaining("Symbolic link " + sticky.resolve("evil")).hasMessageContaining("uid " + ATTACKER);
        assertThat(contents(victim)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix", "mmap", "python"})
    void aDirectoryAnotherUserMadeWorldWritableIsRefusedAndLeftEmpty(String kind) throws Exception {
        Path foreign = sticky.resolve("file-lock");
        attacker("mkdir -m 0777 " + foreign);

        assertThatThrownBy(() -> NeighbourWorker.open(kind, foreign.resolve("app.lock"), LockSharing.PRIVATE))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageContaining("Lock directory " + foreign).hasMessageContaining("uid " + ATTACKER)
                .hasMessageContaining("0777 (rwxrwxrwx)").hasMessageContaining("file-lock.sharing.group");
        try (Stream<Path> files = Files.list(foreign)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDirectoryOfOursThatTheGroupMayWriteIsRefusedUnlessItIsSticky() throws Exception {
        Path groupWritable = Files.createDirectory(base.resolve("group-writable"));
        chmod(groupWritable, 0775);

        assertThatThrownBy(() -> FileLock.of(groupWritable.resolve("a.lock")))
                .isInstanceOf(UntrustedPathException.class).hasMessageContaining("may be written by group");

        chmod(groupWritable, 01775);
        assertThat(FileLock.of(groupWritable.resolve("a.lock")).tryLock()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix", "mmap", "python"})
    void aFileTheAttackerPlacedFirstIsRefusedAndNeverWritten(String kind) throws Exception {
        Path planted = sticky.resolve("app.lock");
        attacker("touch " + planted + " && chmod 0666 " + planted);

        assertThatThrownBy(() -> NeighbourWorker.open(kind, planted, LockSharing.PRIVATE))
                .isInstanceOf(UntrustedPathException.class)
                .hasMessageContaining("Lock file " + planted).hasMessageContaining("uid " + ATTACKER);
        assertThat(Files.size(planted)).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0022, 0002})
    void createdFilesAre0600AndFolders0700WhateverTheUmask(int umask) throws Exception {
        int was = C.INSTANCE.umask(umask);
        try {
            for (String kind : List.of("flock", "posix", "mmap", "python")) {
                Path top = base.resolve(kind);
                NeighbourWorker.open(kind, top.resolve("deeper").resolve("app.lock"), LockSharing.PRIVATE);

                assertThat(mode(top)).as(kind).isEqualTo("rwx------");
                assertThat(mode(top.resolve("deeper"))).as(kind).isEqualTo("rwx------");
                assertThat(mode(top.resolve("deeper/app.lock"))).as(kind).isEqualTo("rw-------");
                if (kind.equals("python")) {
                    assertThat(mode(top.resolve("deeper/app.lock.lock"))).isEqualTo("rw-------");
                }
            }
        } finally {
            C.INSTANCE.umask(was);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "mmap", "python"})
    void theAttackerCannotOpenALockFileItWasNotGiven(String kind) throws Exception {
        Path file = sticky.resolve("mine.lock");
        NeighbourWorker.open(kind, file, LockSharing.PRIVATE);

        Result flock = as(ATTACKER, null, "flock -n " + file + " true");
        Result read = as(ATTACKER, null, "cat " + file);

        assertThat(flock.exit).isNotZero();
        assertThat(flock.output).contains("Permission denied");
        assertThat(read.exit).isNotZero();
        assertThat(read.output).contains("Permission denied");
    }

    @Test
    void aThirdIdentityAsVictimRefusesTheLinkAndKeepsItsFile() throws Exception {
        Path home = Files.createDirectory(base.resolve("neighbour"));
        Path notes = Files.writeString(home.resolve("notes"), "the neighbour's bytes");
        chown(home, NEIGHBOUR);
        chown(notes, NEIGHBOUR);
        chmod(home, 0700);
        Path link = sticky.resolve("neighbour.lock");
        attacker("ln -s " + notes + " " + link);

        try (ChildJvm neighbour = java(NEIGHBOUR, null, "try", "flock", link, "-")) {
            assertThat(neighbour.awaitLine("REFUSED")).contains("UntrustedPathException").contains("uid " + ATTACKER);
        }
        assertThat(Files.readString(notes)).isEqualTo("the neighbour's bytes");
    }

    @Test
    void aDirectorySharedWithAGroupWorksAcrossIdentitiesAndWithAPythonPeer() throws Exception {
        Path team = base.resolve("team");
        LockSharing sharing = LockSharing.group(String.valueOf(GROUP));
        Path file = team.resolve("orders.lock");
        FileLock lock = FileLock.of(file, FileLock.Options.defaults().withSharing(sharing));

        assertThat(mode(team)).isEqualTo("rwxrwx---");
        assertThat((Integer) Files.getAttribute(team, "unix:mode") & 07777).isEqualTo(02770);
        assertThat(Files.getAttribute(team, "unix:gid")).isEqualTo(GROUP);
        assertThat(mode(file)).isEqualTo("rw-rw----");
        assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(GROUP);
        assertThatThrownBy(() -> FileLock.of(team.resolve("private.lock")))
                .as("a shared directory is refused by a lock that is not shared")
                .isInstanceOf(UntrustedPathException.class);

        try (ChildJvm python = as(NEIGHBOUR, GROUP, List.of(PythonPeer.interpreter(), "-c",
                "import sys, filelock\nl = filelock.FileLock(sys.argv[1])\nl.acquire()\nprint('ACQUIRED', flush=True)\n"
                        + "sys.stdin.readline()\nl.release()\nprint('RELEASED', flush=True)", file.toString()))) {
            python.awaitLine("ACQUIRED");
            assertThat(lock.tryLock()).as("the Python peer of the group holds it").isFalse();
            python.send("go");
            python.awaitLine("RELEASED");
        }
        assertThat(lock.tryLock(ChildJvm.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        lock.unlock();

        try (ChildJvm peer = java(PEER, GROUP, "hold", "flock", team.resolve("peer.lock"), GROUP)) {
            peer.awaitLine("ACQUIRED");
            FileLock peers = FileLock.of(team.resolve("peer.lock"), FileLock.Options.defaults().withSharing(sharing));
            assertThat(peers.tryLock()).as("the peer's file, of the group, is accepted and held by the peer").isFalse();
            assertThat(Files.getAttribute(team.resolve("peer.lock"), "unix:uid")).isEqualTo(PEER);
            peer.send("go");
            peer.awaitLine("RELEASED");
        }
        try (ChildJvm stranger = java(ATTACKER, null, "try", "flock", file, GROUP)) {
            assertThat(stranger.awaitLine("REFUSED")).as("outside the group").contains("permission denied");
        }
    }

    // --- identities ---

    private interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int umask(int mask);
    }

    private record Result(int exit, String output) {
    }

    private static void attacker(String shell) throws Exception {
        Result result = as(ATTACKER, null, shell);
        assertThat(result.exit).as("the attacker's %s: %s", shell, result.output).isZero();
    }

    /** Runs {@code shell} as {@code uid} (and its group), in {@code group} too unless null, to its end. */
    private static Result as(int uid, Integer group, String shell) throws Exception {
        Process process = new ProcessBuilder(identity(uid, group, List.of("sh", "-c", shell))).redirectErrorStream(true)
                .start();
        try {
            assertThat(process.waitFor(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)).as("%s finished", shell).isTrue();
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static ChildJvm as(int uid, Integer group, List<String> command) {
        return ChildJvm.command(identity(uid, group, command));
    }

    /** {@link NeighbourWorker} in a JVM of {@code uid}'s, from a class path every user can read. */
    private static ChildJvm java(int uid, Integer group, Object... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Djna.tmpdir=" + shared.resolve("jna"),
                "-Djava.io.tmpdir=" + shared.resolve("jna"), "-Duser.home=" + shared, "-cp",
                classpath.resolve("classes") + ":" + classpath.resolve("test-classes") + ":" + classpath.resolve("jna.jar"),
                NeighbourWorker.class.getName()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return as(uid, group, command);
    }

    private static List<String> identity(int uid, Integer group, List<String> command) {
        List<String> full = new ArrayList<>(List.of(SETPRIV, "--reuid=" + uid, "--regid=" + uid,
                group == null ? "--clear-groups" : "--groups=" + group));
        full.addAll(command);
        return full;
    }

    // The build's class path may lie where other users cannot read (root's Maven repository).
    private static Path readableClasspath(Path into) throws IOException {
        Files.createDirectories(into);
        Path jna = Files.createDirectories(shared.resolve("jna"));
        chmod(jna, 01777);
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && path.getParent().getParent().getFileName().toString().equals("lock-core")) {
                copyTree(path, into.resolve(path.getFileName()));
            } else if (path.getFileName().toString().matches("jna-\\d.*\\.jar")) {
                Files.copy(path, into.resolve("jna.jar"));
            }
        }
        assertThat(into.resolve("jna.jar")).as("JNA on the class path").exists();
        try (Stream<Path> all = Files.walk(into)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                chmod(p, Files.isDirectory(p) ? 0755 : 0644);
            }
        }
        return into;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    // --- files ---

    /** Every file under {@code folder}, by relative name, with its bytes: what must not change. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            all.forEach(p -> {
                try {
                    found.put(folder.relativize(p).toString(), Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            ? Files.readString(p, StandardCharsets.ISO_8859_1) + " (" + mode(p) + ")" : mode(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return found;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static void chmod(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode);
    }

    private static void chown(Path path, int uid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", uid);
    }
}
