package dev.filelock.bench.spring;

import dev.filelock.core.FileLock;
import dev.filelock.core.InterProcessLock;
import dev.filelock.core.MmapLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * against {@code lock(); try { work } finally { unlock(); }} on the very same lock object (lock-core
 * returns one object per file), so the difference is the aspect's own overhead. Measured on a
 * {@code file} lock, as users declare it, and on an {@code mmap} lock, whose few tens of
 * nanoseconds let the aspect's overhead stand out of the noise of system calls.
 *
 * <p>Spring's proxy machinery alone is measured in the same run: the same work on a bean without a
 * proxy ({@link #noProxy}), and through a proxy whose advice does nothing, an {@code @Around} aspect
 * ({@link #noOpAroundAdvice}) or a {@code MethodInterceptor} advisor ({@link #noOpInterceptor}). The
 * target: {@code throughSpringProxy - lockCalledDirectly <= 2 x (noOpAroundAdvice - noProxy)}, and
 * with {@code -prof gc} no allocation per call beyond what the no-op proxies allocate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileLockedAspectBenchmark {

    private static final int MMAP_LENGTH = 64;

    @Param({"file", "mmap"})
    public String type;

    private ConfigurableApplicationContext context;
    private LockedService proxied;
    private LockedService plain;
    private InterProcessLock lock;
    private NoOpAdvice.AroundService around;
    private NoOpAdvice.InterceptedService intercepted;

    @Setup(Level.Trial)
    public void start() throws IOException {
        Path dir = Files.createTempDirectory("bench-spring");
        Path file = dir.resolve("bench.lock");
        context = new SpringApplicationBuilder(BenchmarkApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties(dir, file))
                .run();
        proxied = context.getBean(LockedService.class);
        plain = new LockedService();
        around = context.getBean(NoOpAdvice.AroundService.class);
        intercepted = context.getBean(NoOpAdvice.InterceptedService.class);
        lock = type.equals("mmap") ? MmapLock.of(file, MMAP_LENGTH, new MmapLock.Options(false)) : FileLock.of(file);
        if (!AopUtils.isAopProxy(proxied) || !proxied.holds(lock)) {
            throw new IllegalStateException("@FileLocked did not take lock " + file + " through the Spring proxy of "
                    + proxied.getClass() + ": is the starter's aspect on the class path and enabled?");
        }
        if (!AopUtils.isAopProxy(around) || !AopUtils.isAopProxy(intercepted)) {
            throw new IllegalStateException("the no-op advice baselines are not proxied");
        }
    }

    private String[] properties(Path dir, Path file) {
        List<String> properties = new ArrayList<>(List.of("logging.level.root=warn", "file-lock.directory=" + dir,
                "file-lock.locks.bench.type=" + type, "file-lock.locks.bench.file=" + file));
        if (type.equals("mmap")) {
            properties.addAll(List.of("file-lock.locks.bench.length=" + MMAP_LENGTH + "B",
                    "file-lock.locks.bench.force-on-release=false"));
        }
        return properties.toArray(String[]::new);
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

    @Benchmark
    public long noProxy() {
        return plain.workUnlocked();
    }

    @Benchmark
    public long noOpAroundAdvice() {
        return around.work();
    }

    @Benchmark
    public long noOpInterceptor() {
        return intercepted.work();
    }
}
