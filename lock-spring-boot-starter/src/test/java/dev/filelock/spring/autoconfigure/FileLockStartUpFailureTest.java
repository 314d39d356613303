package dev.filelock.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.OnTimeout;

/** Every mistake stops the start-up with a failure analysis that says what is wrong and how to fix it. */
class FileLockStartUpFailureTest {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.locks.orders.type=file");
    }

    static FailureAnalysis analysis(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new FileLockFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("analysed: " + context.getStartupFailure()).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(FileLockConfigurationException.class);
        return analysis;
    }

    public static class UndeclaredLock {
        @FileLocked("ordrs")
        public void run() {
        }
    }

    @Test
    void anUndeclaredLockNameIsRefusedWithTheDeclaredNames() {
        runner().withBean(UndeclaredLock.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription())
                    .isEqualTo("@FileLocked on UndeclaredLock.run() names lock 'ordrs', which is not declared.");
            assertThat(analysis.getAction()).contains("Declare it under file-lock.locks.ordrs").contains("declared locks: orders");
        });
    }

    public static class UnknownHook {
        @FileLocked(name = "orders", prefix = "markBusy")
        public void run() {
        }
    }

    @Test
    void aHookThatIsNotALockHookBeanIsRefused() {
        runner().withBean(UnknownHook.class).withBean("markIdle", LockHook.class, () -> c -> {
        }).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription())
                    .isEqualTo("The prefix hook 'markBusy' of @FileLocked on UnknownHook.run() is not a bean.");
            assertThat(analysis.getAction()).contains("Declare a LockHook bean named 'markBusy'").contains("[markIdle]");
        });
    }

    public static class RegionHookOnFileLock {
        @FileLocked(name = "orders", prefix = "markBusy")
        public void run() {
        }
    }

    @Test
    void aHookThatUsesTheRegionIsRefusedOnAFileLock() {
        runner().withBean(RegionHookOnFileLock.class)
                .withBean("markBusy", LockHook.class, () -> LockHook.onRegion(c -> c.region().putByte(0, (byte) '1')))
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription()).isEqualTo("The prefix hook 'markBusy' of @FileLocked on "
                            + "RegionHookOnFileLock.run() uses the shared region, but lock 'orders' is a file lock, "
                            + "which has none.");
                    assertThat(analysis.getAction()).contains("file-lock.locks.orders.type=mmap");
                });
    }

    @Test
    void aRegionHookDeclaredInYmlOnAFileLockIsRefusedOnceThoughAMethodUsesIt() {
        runner().withPropertyValues("file-lock.locks.orders.suffix=markIdle").withBean(UnknownHook.class)
                .withBean("markBusy", LockHook.class, () -> c -> {
                })
                .withBean("markIdle", LockHook.class, () -> LockHook.onRegion(c -> c.region().putByte(0, (byte) '0')))
                .run(context -> {
                    FileLockConfigurationException failure = (FileLockConfigurationException) analysis(context).getCause();
                    assertThat(failure.getMessage()).containsOnlyOnce("The suffix hook 'markIdle'");
                });
    }

    @Test
    void aHookThatUsesTheRegionIsAcceptedOnAnMmapLock() {
        runner().withPropertyValues("file-lock.locks.window.type=mmap", "file-lock.locks.window.length=10",
                        "file-lock.locks.window.prefix=markBusy")
                .withBean("markBusy", LockHook.class, () -> LockHook.onRegion(c -> c.region().putByte(0, (byte) '1')))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aDeclaredHookThatIsNotALockHookIsRefusedEvenIfNoMethodUsesIt() {
        runner().withPropertyValues("file-lock.locks.orders.suffix=clock").withBean("clock", String.class, () -> "tick")
                .run(context -> assertThat(analysis(context).getDescription()).isEqualTo(
                        "The suffix hook 'clock' of file-lock.locks.orders.suffix is a bean of type java.lang.String, not a LockHook."));
    }

    public static class BadKey {
        @FileLocked(name = "orders", key = "#order.")
        public void settle(String order) {
        }
    }

    @Test
    void anInvalidKeyExpressionIsRefused() {
        runner().withBean(BadKey.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).startsWith("The key \"#order.\" of @FileLocked on BadKey.settle(String) is not a valid SpEL expression");
            assertThat(analysis.getAction()).contains("key = \"#order\"");
        });
    }

    public static class UnknownKeyVariable {
        @FileLocked(name = "orders", key = "#ordr.id")
        public void settle(String order) {
        }
    }

    @Test
    void aKeyNamingNoParameterIsRefusedWithTheParameterNames() {
        runner().withBean(UnknownKeyVariable.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo("The key \"#ordr.id\" of @FileLocked on UnknownKeyVariable.settle(String) "
                    + "refers to [#ordr], which the method has no parameter for.");
            assertThat(analysis.getAction()).contains("#order", "#p0", "#a0");
        });
    }

    public static class BadTimeout {
        @FileLocked(name = "orders", timeout = "5 sec")
        public void run() {
        }
    }

    @Test
    void aBadTimeoutIsRefused() {
        runner().withBean(BadTimeout.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo("The timeout \"5 sec\" of @FileLocked on BadTimeout.run() is not a duration.");
            assertThat(analysis.getAction()).contains("500ms, 5s");
        });
    }

    @Test
    void aBadDurationInTheDeclarationIsRefusedByBinding() {
        runner().withPropertyValues("file-lock.locks.orders.timeout=5 sec")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (failure != null && !(failure instanceof BindException)) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).as("Spring Boot's own bind failure, which its analyzer explains")
                            .isInstanceOf(BindException.class)
                            .hasMessageContaining("file-lock.locks.orders.timeout")
                            .rootCause().hasMessageContaining("5 sec");
                });
    }

    @Test
    void anMmapLockWithoutALengthIsRefused() {
        runner().withPropertyValues("file-lock.locks.window.type=mmap").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo("file-lock.locks.window is an mmap lock without a length.");
            assertThat(analysis.getAction()).contains("file-lock.locks.window.length");
        });
    }

    @Test
    void aLengthOnAFileLockIsRefused() {
        runner().withPropertyValues("file-lock.locks.orders.length=10").run(context ->
                assertThat(analysis(context).getDescription()).isEqualTo(
                        "file-lock.locks.orders.length is set but the lock's type is file, which has no shared region."));
    }

    @Test
    void maxKeysOnAFileLockIsRefused() {
        runner().withPropertyValues("file-lock.locks.orders.max-keys=10").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo(
                    "file-lock.locks.orders.max-keys is set but the lock's type is file, which has no shared region.");
            assertThat(analysis.getAction()).isEqualTo("Remove the max-keys, or set file-lock.locks.orders.type=mmap "
                    + "to cap the files and regions its keys keep.");
        });
    }

    @Test
    void aMaxKeysBelowOneIsRefused() {
        runner().withPropertyValues("file-lock.locks.window.type=mmap", "file-lock.locks.window.length=8",
                "file-lock.locks.window.max-keys=0").run(context ->
                assertThat(analysis(context).getDescription()).isEqualTo("file-lock.locks.window.max-keys is 0."));
    }

    @Test
    void aBadLengthIsRefused() {
        runner().withPropertyValues("file-lock.locks.window.type=mmap", "file-lock.locks.window.length=0").run(context ->
                assertThat(analysis(context).getDescription()).isEqualTo("file-lock.locks.window.length is 0 bytes."));
    }

    @Test
    void anUnusableDirectoryIsRefused() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        runner().withPropertyValues("file-lock.directory=" + notAFolder.resolve("locks")).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).startsWith("file-lock.directory " + notAFolder.resolve("locks") + " cannot be created");
            assertThat(analysis.getAction()).contains("set file-lock.directory to a writable folder");
        });
    }

    public static class ReturnsPublisher {
        @FileLocked("orders")
        public Flow.Publisher<String> stream() {
            return subscriber -> {
            };
        }
    }

    @Test
    void aMethodReturningAPublisherThatSpringCanAdaptIsLockedNotRefused() {
        runner().withBean(ReturnsPublisher.class).run(context -> assertThat(context).hasNotFailed());
    }

    /** Like Mutiny's Multi: an interface extending Publisher. */
    public interface Stream extends Flow.Publisher<String> {
    }

    /** Like Reactor's Flux: a class implementing Publisher through an interface of its own. */
    public abstract static class Flux implements Stream {
    }

    public static class ReturnsIndirectPublishers {
        @FileLocked("orders")
        public Stream stream() {
            return subscriber -> {
            };
        }

        @FileLocked("orders")
        public Flux flux() {
            return null;
        }
    }

    @Test
    void aMethodReturningAPublisherTypeThatTheLockCannotRemakeIsRefused() {
        runner().withBean(ReturnsIndirectPublishers.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription())
                    .contains("ReturnsIndirectPublishers.stream() returns " + Stream.class.getName()
                            + ", which the starter cannot hold a lock across: Spring's ReactiveAdapterRegistry adapts it "
                            + "as java.util.concurrent.Flow$Publisher")
                    .contains("ReturnsIndirectPublishers.flux() returns " + Flux.class.getName());
            assertThat(analysis.getAction()).contains("Declare the return type as Mono or Flux");
        });
    }

    public static class ReturnsFuture {
        @FileLocked("orders")
        public Future<String> later() {
            return null;
        }
    }

    @Test
    void aMethodReturningAPlainFutureIsRefused() {
        runner().withBean(ReturnsFuture.class).run(context ->
                assertThat(analysis(context).getDescription()).startsWith("ReturnsFuture.later() returns a Future"));
    }

    public static class SkipsPrimitive {
        @FileLocked(name = "orders", onTimeout = OnTimeout.SKIP)
        public int count() {
            return 1;
        }
    }

    @Test
    void skippingAMethodThatReturnsAPrimitiveIsRefused() {
        runner().withBean(SkipsPrimitive.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("uses onTimeout = SKIP but returns int");
            assertThat(analysis.getAction()).contains("Return Integer, an Optional, or void");
        });
    }

    public static class NonPublic {
        @FileLocked("orders")
        void run() {
        }
    }

    @Test
    void aNonPublicMethodIsRefusedUnderProxies() {
        runner().withBean(NonPublic.class).run(context ->
                assertThat(analysis(context).getDescription()).isEqualTo(
                        "@FileLocked on non-public method NonPublic.run() would be ignored: the aspect intercepts only public methods."));
    }

    @FileLocked("orders")
    public static class LockedType {
    }

    public static class InheritsTheLockedType extends LockedType {
        public java.util.concurrent.Future<String> submit() {
            return null;
        }
    }

    @Test
    void aMethodOfASubclassInheritingATypeLevelAnnotationIsCheckedLikeTheAspectLocksIt() {
        runner().withBean(InheritsTheLockedType.class).run(context -> assertThat(analysis(context).getDescription())
                .startsWith("InheritsTheLockedType.submit() returns a Future"));
    }

    public static class Unnamed {
        @FileLocked
        public void run() {
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        runner().withBean(UndeclaredLock.class).withBean(Unnamed.class).withBean(BadTimeout.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).startsWith("The file-lock configuration has 3 problems:")
                    .contains("names lock 'ordrs'", "Unnamed.run() names no lock", "\"5 sec\"");
            assertThat(analysis.getAction()).startsWith("Fix each in turn:");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    static class BrokenApp {
        @Bean
        UndeclaredLock undeclaredLock() {
            return new UndeclaredLock();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRealApplicationPrintsTheAnalysisWhenItFailsToStart(CapturedOutput output) {
        SpringApplication app = new SpringApplication(BrokenApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> app.run("--file-lock.directory=" + dir,
                "--file-lock.locks.orders.type=file", "--spring.main.banner-mode=off")).isNotNull();
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("@FileLocked on UndeclaredLock.run() names lock 'ordrs', which is not declared.")
                .contains("Declare it under file-lock.locks.ordrs");
    }
}
