package dev.filelock.spring.autoconfigure;

import static dev.filelock.spring.autoconfigure.FileLockStartUpFailureTest.analysis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHolder;

/** What Spring users expect of an annotation and of properties: placeholders, and typos refused. */
class AnnotationConventionsTest {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.locks.orders.type=file");
    }

    public static class Placeholders {
        @FileLocked(name = "${app.lock:orders}", key = "'${app.tenant}-' + #id", timeout = "${app.wait}")
        public String settle(String id) {
            return "settled " + id;
        }
    }

    @Test
    void placeholdersInNameKeyAndTimeoutAreResolvedFromTheEnvironment() {
        runner().withPropertyValues("app.tenant=acme", "app.wait=0").withBean(Placeholders.class).run(context -> {
            Placeholders bean = context.getBean(Placeholders.class);
            assertThat(bean.settle("1")).isEqualTo("settled 1");
            try (var holder = new LockHolder(context.getBean(FileLocks.class).lock("orders", "acme-1"))) {
                assertThatThrownBy(() -> bean.settle("1")).isInstanceOf(LockTimeoutException.class)
                        .hasMessageContaining("Lock 'orders' key 'acme-1'").hasMessageContaining("within 0s");
            }
        });
    }

    @Test
    void anUnresolvablePlaceholderIsRefusedAtStartUpNamingTheAttribute() {
        runner().withPropertyValues("app.wait=0").withBean(Placeholders.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("The key \"'${app.tenant}-' + #id\" of @FileLocked on "
                    + "Placeholders.settle(String) has a placeholder that cannot be resolved").contains("app.tenant");
            assertThat(analysis.getAction()).contains("${name:default}");
        });
    }

    public interface Settles {
        @FileLocked(name = "orders", timeout = "0")
        String settle();
    }

    public static class SettlesImpl implements Settles {
        @Override
        public String settle() {
            return "settled";
        }
    }

    @FileLocked(name = "orders", timeout = "0")
    public interface LockedInterface {
        String settle();
    }

    public static class ImplementsTheLockedInterface implements LockedInterface {
        @Override
        public String settle() {
            return "settled";
        }
    }

    @Test
    void anAnnotationOnAnInterfaceMethodIsHonouredThroughProxies() {
        runner().withBean(Settles.class, SettlesImpl::new).run(context -> assertLocked(context, context.getBean(Settles.class)::settle));
    }

    @Test
    void aTypeLevelAnnotationOnAnInterfaceIsHonouredThroughProxies() {
        runner().withBean(LockedInterface.class, ImplementsTheLockedInterface::new)
                .run(context -> assertLocked(context, context.getBean(LockedInterface.class)::settle));
    }

    @Test
    void proxiesLockWithoutAspectJOnTheClassPath() {
        runner().withClassLoader(new FilteredClassLoader("org.aspectj")).withBean(Settles.class, SettlesImpl::new)
                .run(context -> assertLocked(context, context.getBean(Settles.class)::settle));
    }

    private static void assertLocked(AssertableApplicationContext context, Supplier<String> call) {
        assertThat(context).hasNotFailed();
        assertThat(call.get()).isEqualTo("settled");
        try (var holder = new LockHolder(context.getBean(FileLocks.class).lock("orders"))) {
            assertThatThrownBy(call::get).isInstanceOf(LockTimeoutException.class).hasMessageContaining("Lock 'orders'");
        }
    }

    @Test
    void aMisspelledLockPropertyIsRefusedNamingTheKeyTheClosestAndTheKnownOnes() {
        runner().withPropertyValues("file-lock.locks.orders.lenght=10", "file-lock.locks.orders.timout=5s").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("Unknown property file-lock.locks.orders.lenght")
                    .contains("Unknown property file-lock.locks.orders.timout");
            assertThat(analysis.getAction()).contains("Did you mean file-lock.locks.orders.length?")
                    .contains("Did you mean file-lock.locks.orders.timeout?")
                    .contains("Known properties: [file-lock.locks.orders.description, file-lock.locks.orders.file");
        });
    }

    @Test
    void propertiesOnlyRelaxedBindingFilesUnderFileLockAreLeftAlone() {
        runner().withPropertyValues("filelock.test.jdbc.url=jdbc:postgresql://localhost/test", "filelock.ltw=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aMisspelledTopLevelPropertyIsRefusedToo() {
        runner().withPropertyValues("file-lock.directroy=" + dir).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("Unknown property file-lock.directroy");
            assertThat(analysis.getAction()).contains("Did you mean file-lock.directory?")
                    .contains("file-lock.default-timeout");
        });
    }
}
