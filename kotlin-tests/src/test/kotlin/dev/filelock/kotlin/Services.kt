package dev.filelock.kotlin

import dev.filelock.spring.FileLocked
import dev.filelock.spring.FileLocks
import dev.filelock.spring.LockHook
import dev.filelock.spring.NamedLock
import dev.filelock.spring.OnTimeout
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.stereotype.Service
import java.time.Duration
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

/** Counts the bodies inside at once: [max] is the most ever seen together. */
class Inside {
    private val now = AtomicInteger()
    private val most = AtomicInteger()

    fun enter() = most.accumulateAndGet(now.incrementAndGet(), ::maxOf)
    fun leave() = now.decrementAndGet()
    val max: Int get() = most.get()
}

/** As a Kotlin user writes it: an open class only through the `spring` all-open plugin. */
@Service
class Counter {
    private var value = 0
    private val inside = Inside()

    /** A read-modify-write with a suspension inside the window: loses updates unless calls exclude each other. */
    @FileLocked("counter")
    suspend fun increment() {
        inside.enter()
        val read = value
        delay(5)
        value = read + 1
        inside.leave()
    }

    fun value() = value
    fun maxInside() = inside.max
}

@Service
class Gate {
    val entered = CompletableDeferred<Unit>()
    val cleanedUp = CompletableDeferred<Unit>()
    val skippedBodies = AtomicInteger()

    /** Holds the lock until the coroutine is cancelled. */
    @FileLocked("gate")
    suspend fun holdUntilCancelled() {
        try {
            entered.complete(Unit)
            awaitCancellation()
        } finally {
            cleanedUp.complete(Unit)
        }
    }

    @FileLocked("gate")
    suspend fun enter(): String {
        delay(1)
        return "in"
    }

    @FileLocked(name = "busy", timeout = "0", onTimeout = OnTimeout.SKIP)
    suspend fun skipWhenBusy() {
        skippedBodies.incrementAndGet()
        delay(1)
    }

    @FileLocked(name = "busy", timeout = "0", onTimeout = OnTimeout.SKIP)
    suspend fun skipWhenBusyWithValue(): String? {
        skippedBodies.incrementAndGet()
        return "ran"
    }

    @FileLocked(name = "busy", timeout = "0")
    suspend fun failWhenBusy(): String {
        delay(1)
        return "ran"
    }
}

@Service
class Streams(private val locks: FileLocks) {
    /** Whether the lock was held each time the flow's body emitted. */
    val heldAtEmit: MutableList<Boolean> = Collections.synchronizedList(mutableListOf())

    /** Emits [n] numbers, under the lock. */
    @FileLocked("stream")
    fun numbers(n: Int): Flow<Int> = flow {
        for (i in 1..n) {
            delay(1)
            heldAtEmit += heldByAnyThread(locks.lock("stream"))
            emit(i)
        }
    }

    @FileLocked("stream")
    suspend fun numbersLater(n: Int): Flow<Int> {
        delay(1)
        return numbers(n)
    }
}

/** Whether some thread holds [lock]: this one, or another, so that this one cannot take it at once. */
fun heldByAnyThread(lock: NamedLock): Boolean {
    if (lock.isHeldByCurrentThread) {
        return true
    }
    val hold = lock.tryAcquire(Duration.ZERO)
    hold.ifPresent { it.release() }
    return hold.isEmpty
}

/** Refused at start-up: a Deferred's work starts when it is made, before any lock. */
@Service
class Eager {
    @FileLocked("counter")
    fun later(): Deferred<Int> = GlobalScope.async { 1 }
}

@Service
class EagerSuspend {
    @FileLocked("counter")
    suspend fun later(): Deferred<Int> = CompletableDeferred(1)
}

/** Refused at start-up: a skipped call cannot return a non-null Int. */
@Service
class SkipsToNothing {
    @FileLocked(name = "counter", onTimeout = OnTimeout.SKIP)
    suspend fun count(): Int = 1
}

/** Records each hook run as `prefix:method` / `suffix:method`. */
@Configuration(proxyBeanMethods = false)
class RecordingHooks {
    val runs: MutableList<String> = Collections.synchronizedList(mutableListOf())

    @Bean
    fun before() = LockHook { runs += "prefix:" + it.method().name }

    @Bean
    fun after() = LockHook { runs += "suffix:" + it.method().name }
}
