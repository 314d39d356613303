package dev.filelock.spring.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a call from several threads at once, a number of times each, and waits for all. */
final class ConcurrentCalls {

    private ConcurrentCalls() {
    }

    static void run(int threads, int times, Runnable call) throws Exception {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < times; i++) {
                    call.run();
                }
            }));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }
}
