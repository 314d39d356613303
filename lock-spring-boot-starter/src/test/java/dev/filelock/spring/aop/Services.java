package dev.filelock.spring.aop;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.OnTimeout;

/** Locked methods used by the aspect tests. */
public class Services {

    public record Order(String id) {
    }

    /** A service whose calls record what ran, with the lock held or not. */
    public static class Orders {
        public final List<String> calls = new CopyOnWriteArrayList<>();
        /** The proxy, for calls through the aspect from inside a locked method. */
        public volatile Orders self;

        @FileLocked("orders")
        public String settle(Order order) {
            calls.add("settle " + order.id());
            return "settled " + order.id();
        }

        @FileLocked(name = "orders", key = "#order.id", timeout = "0")
        public String settleByKey(Order order) {
            calls.add("settleByKey " + order.id());
            return "settled " + order.id();
        }

        @FileLocked(name = "orders", key = "#order.nope")
        public String misspelledKey(Order order) {
            calls.add("misspelledKey");
            return "ran";
        }

        @FileLocked(name = "orders", timeout = "0", onTimeout = OnTimeout.SKIP)
        public String skipIfBusy() {
            calls.add("skipIfBusy");
            return "ran";
        }

        @FileLocked(name = "orders", timeout = "0", onTimeout = OnTimeout.SKIP)
        public Optional<String> optionalSkipIfBusy() {
            calls.add("optionalSkipIfBusy");
            return Optional.of("ran");
        }

        @FileLocked(name = "orders", timeout = "-1")
        public String waitForever() {
            calls.add("waitForever");
            return "ran";
        }

        @FileLocked(name = "orders", timeout = "0")
        public void failIfBusy() {
            calls.add("failIfBusy");
        }

        @FileLocked(name = "orders", prefix = "recordingPrefix", suffix = "recordingSuffix")
        public void hooked(boolean fail) {
            calls.add("method");
            if (fail) {
                throw new IllegalStateException("business failure");
            }
        }

        @FileLocked(name = "orders", key = "#a0 + '/' + #p1.id", timeout = "0")
        public String byPosition(String shop, Order order) {
            calls.add("byPosition " + shop + " " + order.id());
            return "ok";
        }

        @FileLocked(name = "orders", prefix = "regionUser")
        public void usesRegionOnAFileLock() {
            calls.add("usesRegionOnAFileLock");
        }

        @FileLocked(name = "orders", key = "#p0")
        public CompletableFuture<String> later(String id, CompletableFuture<String> work) {
            calls.add("later " + id);
            return work;
        }

        @FileLocked(name = "orders", timeout = "-1")
        public CompletableFuture<String> laterWaitingForever() {
            calls.add("laterWaitingForever");
            return CompletableFuture.completedFuture("ran");
        }

        @FileLocked(name = "orders", key = "#p0")
        public CompletableFuture<String> laterSettlingTheSameKey(String id) {
            return CompletableFuture.completedFuture(self.settleByKey(new Order(id)));
        }
    }

    /** Every public method locked, except those of Object. */
    @FileLocked(name = "orders", timeout = "0")
    public static class Report {
        public String run() {
            return "ran";
        }

        @Override
        public String toString() {
            return "report";
        }
    }
}
