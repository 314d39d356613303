package dev.filelock.spring.autoconfigure;

import static dev.filelock.spring.autoconfigure.FileLockStartUpFailureTest.analysis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
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
    void aMisspelledTopLevelPropertyIsRefusedToo() {
        runner().withPropertyValues("file-lock.directroy=" + dir).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("Unknown property file-lock.directroy");
            assertThat(analysis.getAction()).contains("Did you mean file-lock.directory?")
                    .contains("file-lock.default-timeout");
        });
    }
}
