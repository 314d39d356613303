package dev.filelock.spring.mmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.ChildJvm;
import dev.filelock.core.LockException;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockHolder;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.actuate.FileLocksEndpoint;
import dev.filelock.spring.actuate.FileLocksEndpoint.LockDescriptor;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;
import dev.filelock.spring.autoconfigure.FileLockEndpointAutoConfiguration;

/** Declared {@code mmap} locks: hooks and methods share the region; crashes and generations show. */
class MmapLockedMethodsTest {

    static final List<String> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        events.clear();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class,
                        FileLockEndpointAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir,
                        "file-lock.locks.switch-window.type=mmap",
                        "file-lock.locks.switch-window.file=switch_window.txt",
                        "file-lock.locks.switch-window.length=64",
                        "file-lock.locks.switch-window.prefix=markBusy",
                        "file-lock.locks.switch-window.suffix=markIdle",
                        "management.endpoints.web.exposure.include=filelocks")
                .withBean("markBusy", LockHook.class, () -> context -> {
                    events.add("prefix generation=" + context.generation() + " recovered=" + context.recoveredFromCrash()
                            + " found=" + context.region().getString(0));
                    context.region().putString(0, "busy");
                })
                .withBean("markIdle", LockHook.class, () -> context -> context.region().putString(0, "idle"))
                .withBean(Window.class);
    }

    public static class Window {
        private final FileLocks locks;

        public Window(FileLocks locks) {
            this.locks = locks;
        }

        @FileLocked("switch-window")
        public void switchWindow() {
            // Reentrant: the method's thread holds the lock already, and a hold shows the region.
            try (LockHold held = locks.lock("switch-window").acquire(Duration.ZERO)) {
                events.add("method found=" + held.region().orElseThrow().getString(0));
            }
        }

        @FileLocked(name = "switch-window", key = "#id")
        public void perWindow(String id) {
            try (LockHold held = locks.lock("switch-window", id).acquire(Duration.ZERO)) {
                events.add("method " + id + " length=" + held.region().orElseThrow().length());
            }
        }
    }

    @Test
    void hooksAndTheMethodShareTheRegionAndEachHoldHasANewGeneration() {
        runner().run(context -> {
            Window window = context.getBean(Window.class);
            window.switchWindow();
            window.switchWindow();
            assertThat(events).hasSize(4);
            assertThat(events.get(0)).startsWith("prefix generation=").endsWith("recovered=false found=");
            assertThat(events.get(1)).isEqualTo("method found=busy");
            assertThat(events.get(2)).endsWith("recovered=false found=idle");
            assertThat(generation(events.get(2))).isGreaterThan(generation(events.get(0)));
        });
    }

    @Test
    void aKeyedMmapLockHasARegionOfTheDeclaredLengthInAFileOfItsOwn() {
        runner().run(context -> {
            context.getBean(Window.class).perWindow("w1");
            assertThat(events).contains("method w1 length=64");
            assertThat(context.getBean(FileLocks.class).lock("switch-window", "w1").file().orElseThrow())
                    .isEqualTo(dir.resolve("switch_window.txt.keys/w1").toRealPath());
        });
    }

    @Test
    void theHookIsToldWhenTheLastHolderDiedHoldingTheLock() throws Exception {
        Path file = dir.resolve("switch_window.txt");
        try (ChildJvm child = ChildJvm.java(MmapHolder.class, file, 64)) {
            child.awaitLine("ACQUIRED");
            child.kill();
        }
        runner().run(context -> {
            context.getBean(Window.class).switchWindow();
            assertThat(events.get(0)).endsWith("recovered=true found=half-writ");
        });
    }

    @Test
    void theEndpointShowsTheStateFlagGenerationAndHolder() {
        runner().run(context -> {
            FileLocksEndpoint endpoint = context.getBean(FileLocksEndpoint.class);
            context.getBean(Window.class).switchWindow();
            LockDescriptor free = endpoint.lock("switch-window");
            assertThat(free.stateFlag()).isFalse();
            assertThat(free.generation()).isPositive();
            assertThat(free.length()).isEqualTo(64);
            try (var holder = new LockHolder(context.getBean(FileLocks.class).lock("switch-window"))) {
                LockDescriptor held = endpoint.lock("switch-window");
                assertThat(held.stateFlag()).isTrue();
                assertThat(held.held()).isTrue();
                assertThat(held.holder().thread()).isEqualTo("test-lock-holder");
                assertThat(held.generation()).isGreaterThan(free.generation());
            }
        });
    }

    @Test
    void aKeyBeyondMaxKeysFailsBeforeTheMethodRunsAndExistingKeysKeepWorking() {
        Path folder = dir.resolve("switch_window.txt.keys");
        runner().withPropertyValues("file-lock.locks.switch-window.max-keys=2").run(context -> {
            Window window = context.getBean(Window.class);
            window.perWindow("w1");
            window.perWindow("w2");
            assertThatThrownBy(() -> window.perWindow("w3"))
                    .isExactlyInstanceOf(LockException.class)
                    .hasMessageContaining("Lock 'switch-window' refuses key 'w3'")
                    .hasMessageContaining("its key folder " + folder + " already holds 2 key files (max-keys: 2)")
                    .hasMessageContaining("a file and a region of 64 bytes for every key")
                    .hasMessageContaining("Use type: file")
                    .hasMessageContaining("share 1024 files")
                    .hasMessageContaining("raise file-lock.locks.switch-window.max-keys");
            // Neither the prefix hook nor the method ran for w3.
            assertThat(events).hasSize(4).noneMatch(event -> event.contains("w3"));
            assertThat(folder.resolve("w3")).doesNotExist();
            window.perWindow("w1");
            assertThat(events).filteredOn(event -> event.startsWith("method"))
                    .containsExactly("method w1 length=64", "method w2 length=64", "method w1 length=64");
        });
        // A new context knows the keys only from their files.
        runner().withPropertyValues("file-lock.locks.switch-window.max-keys=2").run(context -> {
            context.getBean(Window.class).perWindow("w2");
            assertThat(events).filteredOn(event -> event.startsWith("method")).containsExactly("method w2 length=64");
        });
    }

    @Test
    void keyFilesMadeByAnotherProcessCountAndTheirKeysWork() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("switch_window.txt.keys"));
        Files.createFile(folder.resolve("a"));
        Files.createFile(folder.resolve("b"));
        runner().withPropertyValues("file-lock.locks.switch-window.max-keys=2").run(context -> {
            Window window = context.getBean(Window.class);
            assertThatThrownBy(() -> window.perWindow("w1")).isInstanceOf(LockException.class)
                    .hasMessageContaining("already holds 2 key files (max-keys: 2)");
            assertThat(events).isEmpty();
            window.perWindow("a");
            assertThat(events).filteredOn(event -> event.startsWith("method")).containsExactly("method a length=64");
        });
    }

    @Test
    void maxKeysDefaultsTo1024() {
        runner().run(context -> assertThat(context.getBean(FileLocks.class).declaration("switch-window").orElseThrow().maxKeys())
                .isEqualTo(DeclaredLock.DEFAULT_MAX_KEYS).isEqualTo(1024));
    }

    private static long generation(String event) {
        return Long.parseLong(event.replaceAll(".*generation=(\\d+).*", "$1"));
    }
}
