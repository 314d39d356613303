package dev.filelock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.actuate.LockDirectoryHealthIndicator;

/** The starter in a whole Spring Boot application, configured as a user would. */
@SpringBootTest(classes = FileLockedApplicationTest.App.class, properties = {
        "file-lock.directory=${java.io.tmpdir}/file-lock-test-${random.uuid}",
        "file-lock.locks.switch-window.file=switch_window.txt",
        "file-lock.locks.switch-window.timeout=0",
        "file-lock.locks.switch-window.prefix=markBusy",
        "file-lock.locks.switch-window.suffix=markIdle",
        "file-lock.locks.switch-window.description=Switch window lock",
        "file-lock.locks.nightly-report.type=file",
        "file-lock.locks.orders.type=file"})
class FileLockedApplicationTest {

    static final List<String> events = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    static class App {
        @Bean
        LockHook markBusy() {
            return context -> events.add("markBusy " + context.lockName() + " " + context.file().getFileName());
        }

        @Bean
        LockHook markIdle() {
            return context -> events.add("markIdle " + context.lockName());
        }

        @Bean
        LockHook audit() {
            return context -> events.add("audit " + context.key().orElse("-") + " " + context.arguments()[0]);
        }

        @Bean
        Window window() {
            return new Window();
        }

        @Bean
        Reports reports() {
            return new Reports();
        }
    }

    public static class Window {
        @FileLocked(name = "switch-window")
        public void switchWindow(String title) {
            events.add("switch " + title);
        }

        @FileLocked(name = "switch-window", prefix = "audit", suffix = "audit")
        public void audited(String title) {
            events.add("audited " + title);
        }

        @FileLocked(name = "orders", key = "#title", prefix = "audit")
        public void keyed(String title) {
            events.add("keyed " + title);
        }
    }

    /** Every public method locked, from the class-level annotation. */
    @FileLocked(name = "nightly-report", timeout = "0", onTimeout = OnTimeout.SKIP)
    public static class Reports {
        public String report() {
            events.add("report");
            return "done";
        }
    }

    @Autowired
    Window window;

    @Autowired
    Reports reports;

    @Autowired
    FileLocks locks;

    @BeforeEach
    void clear() {
        events.clear();
    }

    @Test
    void declaredHooksRunAroundEveryMethodUsingTheLock() {
        window.switchWindow("editor");
        assertThat(events).containsExactly("markBusy switch-window switch_window.txt", "switch editor", "markIdle switch-window");
    }

    @Test
    void annotationHooksOverrideTheDeclaredOnes() {
        window.audited("editor");
        assertThat(events).containsExactly("audit - editor", "audited editor", "audit - editor");
    }

    @Test
    void hooksSeeTheKey() {
        window.keyed("t1");
        assertThat(events).containsExactly("audit t1 t1", "keyed t1");
    }

    @Test
    void theDeclaredTimeoutApplies() throws Exception {
        try (var holder = new LockHolder(locks.lock("switch-window"))) {
            assertThatThrownBy(() -> window.switchWindow("x"))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("Lock 'switch-window'");
        }
        assertThat(events).isEmpty();
    }

    @Test
    void aClassLevelAnnotationLocksEveryPublicMethod() throws Exception {
        try (var holder = new LockHolder(locks.lock("nightly-report"))) {
            assertThat(reports.report()).isNull();
        }
        assertThat(reports.report()).isEqualTo("done");
        assertThat(events).containsExactly("report");
    }

    @Autowired
    HealthContributorRegistry health;

    @Test
    void theLockDirectoryIsPartOfTheApplicationsHealthAsFileLocks() {
        assertThat(health.getContributor("fileLocks"))
                .isInstanceOf(LockDirectoryHealthIndicator.class);
    }
}
