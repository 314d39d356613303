package dev.filelock.spring.python;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.filelock.core.PythonMmapWorker;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;

/**
 * A Spring Boot application in a child JVM whose lock {@code counter} is declared
 * {@code type: mmap}, {@code protocol: python}. Arguments: {@code DIRECTORY FILE LENGTH N}. Prints
 * {@code READY} once started, starts on a line from stdin, then calls its {@code @FileLocked} method N times, whose prefix adds
 * one to the little-endian counter at offset 8 (where {@code pymmap.py} keeps it), and prints
 * {@code DONE N bad=K}, K counting holds whose prefix found the state flag other than "1" or was
 * told of a crash.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({AopAutoConfiguration.class, FileLockAutoConfiguration.class})
public class PythonCounterApp {

    static final AtomicInteger bad = new AtomicInteger();

    @Bean
    LockHook count() {
        return LockHook.onRegion(context -> {
            if (context.region().getByte(0) != '1' || context.recoveredFromCrash()) {
                bad.incrementAndGet();
            }
            context.region().putLong(PythonMmapWorker.COUNTER_AT, context.region().getLong(PythonMmapWorker.COUNTER_AT) + 1);
        });
    }

    @Bean
    Counter counter() {
        return new Counter();
    }

    public static class Counter {
        @FileLocked("counter")
        public void increment() {
        }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[3]);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PythonCounterApp.class)
                .web(WebApplicationType.NONE)
                .properties("file-lock.directory=" + args[0],
                        "file-lock.locks.counter.type=mmap",
                        "file-lock.locks.counter.protocol=python",
                        "file-lock.locks.counter.file=" + args[1],
                        "file-lock.locks.counter.length=" + args[2],
                        "file-lock.locks.counter.prefix=count",
                        "file-lock.locks.counter.timeout=-1")
                .run()) {
            System.out.println("READY");
            PythonMmapWorker.awaitLine();
            Counter counter = context.getBean(Counter.class);
            for (int i = 0; i < n; i++) {
                counter.increment();
            }
            System.out.println("DONE " + n + " bad=" + bad.get());
        }
    }
}
