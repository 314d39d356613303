package dev.filelock.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.ChildJvm;
import dev.filelock.core.PythonMmapWorker;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHolder;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.actuate.FileLocksEndpoint;
import dev.filelock.spring.actuate.FileLocksEndpoint.LockDescriptor;

/**
 * {@code type: mmap} with {@code protocol: python}: the hooks get the Python tool's region, the
 * flag is kept as the Python class keeps it, and a file of the wrong length or the other protocol
 * stops the start-up.
 */
class PythonProtocolLockTest {

    private static final int LENGTH = 16;

    static final List<String> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    ApplicationContextRunner runner(String protocol) {
        events.clear();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class,
                        FileLockEndpointAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir,
                        "file-lock.locks.switch-window.type=mmap",
                        "file-lock.locks.switch-window.protocol=" + protocol,
                        "file-lock.locks.switch-window.file=switch_window.txt",
                        "file-lock.locks.switch-window.length=" + LENGTH,
                        "file-lock.locks.switch-window.prefix=markBusy",
                        "file-lock.locks.switch-window.suffix=markIdle",
                        "management.endpoints.web.exposure.include=filelocks")
                .withBean("markBusy", LockHook.class, () -> LockHook.onRegion(context -> events.add("prefix flag="
                        + (char) context.region().getByte(0) + " recovered=" + context.recoveredFromCrash()
                        + " token=" + context.fencingToken() + " generation=" + context.generation())))
                .withBean("markIdle", LockHook.class, () -> LockHook.onRegion(context -> {
                    events.add("suffix flag=" + (char) context.region().getByte(0));
                    context.region().putLong(PythonMmapWorker.COUNTER_AT, 42);
                }))
                .withBean(Window.class);
    }

    public static class Window {
        @FileLocked("switch-window")
        public void switchWindow() {
            events.add("method");
        }
    }

    @Test
    void theHooksGetThePythonRegionWithTheFlagAtOneFromBeforeThePrefixToAfterTheSuffix() throws Exception {
        runner("python").run(context -> {
            context.getBean(Window.class).switchWindow();
            assertThat(events).containsExactly("prefix flag=1 recovered=false token=OptionalLong.empty generation=0",
                    "method", "suffix flag=1");
            byte[] bytes = Files.readAllBytes(dir.resolve("switch_window.txt"));
            assertThat(bytes).hasSize(LENGTH);
            assertThat(bytes[0]).as("the flag after the release").isEqualTo((byte) '0');
            assertThat(bytes[PythonMmapWorker.COUNTER_AT]).as("little-endian, as struct.pack('<q')").isEqualTo((byte) 42);
            assertThat(dir.resolve("switch_window.txt.lock")).exists();
        });
    }

    @Test
    void theEndpointShowsTheFlagAndNoGeneration() {
        runner("python").run(context -> {
            FileLocksEndpoint endpoint = context.getBean(FileLocksEndpoint.class);
            LockDescriptor free = endpoint.lock("switch-window");
            assertThat(free.held()).isFalse();
            assertThat(free.stateFlag()).isFalse();
            assertThat(free.generation()).isNull();
            try (var holder = new LockHolder(context.getBean(FileLocks.class).lock("switch-window"))) {
                LockDescriptor held = endpoint.lock("switch-window");
                assertThat(held.held()).isTrue();
                assertThat(held.stateFlag()).isTrue();
                assertThat(held.holder().thread()).isEqualTo("test-lock-holder");
            }
        });
    }

    @Test
    void aFileOfAnotherLengthStopsTheStartUp() throws Exception {
        Files.write(dir.resolve("switch_window.txt"), new byte[10]);
        runner("python").run(context -> {
            FailureAnalysis analysis = FileLockStartUpFailureTest.analysis(context);
            assertThat(analysis.getDescription()).startsWith("Lock 'switch-window' cannot be used: ")
                    .contains("has 10 bytes, not the declared length 16");
            assertThat(analysis.getAction()).contains("file-lock.locks.switch-window.length and .protocol");
        });
        assertThat(Files.readAllBytes(dir.resolve("switch_window.txt"))).isEqualTo(new byte[10]);
    }

    @Test
    void aNativeMmapLockFileDeclaredPythonStopsTheStartUp() {
        openInAnotherJvm("open-native");
        runner("python").run(context -> assertThat(FileLockStartUpFailureTest.analysis(context).getDescription())
                .contains("is a native mmap lock file").contains("protocol native"));
    }

    @Test
    void aPythonRegionDeclaredNativeStopsTheStartUp() {
        openInAnotherJvm("open-python");
        runner("native").run(context -> assertThat(FileLockStartUpFailureTest.analysis(context).getDescription())
                .contains("is a Python-protocol region").contains("protocol python"));
    }

    @Test
    void aProtocolOnAFileLockStopsTheStartUp() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.locks.orders.protocol=python")
                .run(context -> {
                    FailureAnalysis analysis = FileLockStartUpFailureTest.analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("file-lock.locks.orders.protocol is python but the "
                            + "lock's type is file, which has no shared region.");
                    assertThat(analysis.getAction()).contains("file-lock.locks.orders.type=mmap");
                });
    }

    private void openInAnotherJvm(String mode) {
        try (ChildJvm child = ChildJvm.java(PythonMmapWorker.class, mode, dir.resolve("switch_window.txt"), LENGTH)) {
            child.awaitLine("OPENED");
            child.awaitSuccess();
        }
    }
}
