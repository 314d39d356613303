package dev.filelock.bench.spring;

import dev.filelock.core.FileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code @FileLocked} costs over taking the same lock by hand: a call through the Spring proxy
 * against {@code lock(); try { work } finally { unlock(); }} on the very same {@link FileLock}
 * (lock-core returns one object per file), so the difference is the aspect's own overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileLockedAspectBenchmark {

    private ConfigurableApplicationContext context;
    private LockedService proxied;
    private LockedService plain;
    private FileLock lock;

    @Setup(Level.Trial)
    public void start() throws IOException {
        Path dir = Files.createTempDirectory("bench-spring");
        Path file = dir.resolve("bench.lock");
        context = new SpringApplicationBuilder(BenchmarkApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=warn", "file-lock.directory=" + dir,
                        "file-lock.locks.bench.type=file", "file-lock.locks.bench.file=" + file)
                .run();
        proxied = context.getBean(LockedService.class);
        plain = new LockedService();
        lock = FileLock.of(file);
        if (!AopUtils.isAopProxy(proxied) || !proxied.holds(lock)) {
            throw new IllegalStateException("@FileLocked did not take lock " + file + " through the Spring proxy of "
                    + proxied.getClass() + ": is the starter's aspect on the class path and enabled?");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        context.close();
    }

    @Benchmark
    public long throughSpringProxy() {
        return proxied.work();
    }

    @Benchmark
    public long lockCalledDirectly() {
        lock.lock();
        try {
            return plain.workUnlocked();
        } finally {
            lock.unlock();
        }
    }
}
