package dev.filelock.kotlin

import dev.filelock.core.LockTimeoutException
import dev.filelock.spring.FileLocks
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import java.nio.file.Path
import java.time.Duration

/** `@FileLocked` on Kotlin `suspend` functions and `Flow`s, through Spring AOP proxies as an application has them. */
class SuspendFunctionLockTest {

    @TempDir
    lateinit var dir: Path

    private fun runner() = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration::class.java, FileLockAutoConfiguration::class.java))
        .withPropertyValues(
            "file-lock.directory=$dir",
            "file-lock.default-timeout=60s",
            "file-lock.locks.counter.type=file",
            "file-lock.locks.gate.type=file",
            "file-lock.locks.busy.type=file",
            "file-lock.locks.stream.type=file",
        )

    @ParameterizedTest
    @ValueSource(strings = ["file", "mmap"])
    fun `200 coroutines on Dispatchers Default through one suspend fun count exactly, one body at a time`(type: String) {
        val region = if (type == "mmap") arrayOf("file-lock.locks.counter.length=16") else arrayOf()
        runner().withPropertyValues("file-lock.locks.counter.type=$type", *region)
            .withBean(Counter::class.java)
            .run { context ->
                val counter = context.getBean(Counter::class.java)
                runBlocking(Dispatchers.Default) {
                    repeat(200) { launch { counter.increment() } }
                }
                assertThat(counter.value()).isEqualTo(200)
                assertThat(counter.maxInside()).isEqualTo(1)
            }
    }

    @Test
    fun `cancelling a coroutine mid-body releases the lock to the next caller and runs the suffix`() {
        runner().withPropertyValues("file-lock.locks.gate.prefix=before", "file-lock.locks.gate.suffix=after")
            .withUserConfiguration(RecordingHooks::class.java)
            .withBean(Gate::class.java)
            .run { context ->
                val gate = context.getBean(Gate::class.java)
                runBlocking(Dispatchers.Default) {
                    val holder = launch { gate.holdUntilCancelled() }
                    gate.entered.await()
                    // Waits for the lock, 60 s at most: it gets in only if the cancellation released it.
                    val next = async { gate.enter() }
                    holder.cancelAndJoin()
                    assertThat(next.await()).isEqualTo("in")
                    gate.cleanedUp.await()
                }
                assertThat(context.getBean(RecordingHooks::class.java).runs).containsExactly(
                    "prefix:holdUntilCancelled", "suffix:holdUntilCancelled", "prefix:enter", "suffix:enter")
            }
    }

    @Test
    fun `on a held lock SKIP returns without running the body and FAIL throws the timeout`() {
        runner().withBean(Gate::class.java).run { context ->
            val gate = context.getBean(Gate::class.java)
            val hold = context.getBean(FileLocks::class.java).lock("busy").acquire(Duration.ZERO)
            try {
                runBlocking(Dispatchers.Default) {
                    gate.skipWhenBusy()
                    assertThat(gate.skipWhenBusyWithValue()).isNull()
                    assertThatThrownBy { runBlocking { gate.failWhenBusy() } }
                        .isInstanceOf(LockTimeoutException::class.java)
                        .hasMessageContaining("Lock 'busy'")
                }
                assertThat(gate.skippedBodies.get()).isZero()
            } finally {
                hold.release()
            }
            runBlocking(Dispatchers.Default) {
                assertThat(gate.skipWhenBusyWithValue()).isEqualTo("ran")
                assertThat(gate.failWhenBusy()).isEqualTo("ran")
            }
        }
    }

    @Test
    fun `a Flow holds the lock while it is collected and releases it at completion or cancellation`() {
        runner().withBean(Streams::class.java).run { context ->
            val streams = context.getBean(Streams::class.java)
            val lock = context.getBean(FileLocks::class.java).lock("stream")
            for (flow in listOf(streams.numbers(3), streams.numbersFlow())) {
                streams.heldAtEmit.clear()
                assertThat(runBlocking(Dispatchers.Default) { flow.toList() }).containsExactly(1, 2, 3)
                assertThat(streams.heldAtEmit).containsExactly(true, true, true)
                // Completion is passed on after the release.
                assertThat(heldByAnyThread(lock)).isFalse()
            }
            runBlocking(Dispatchers.Default) {
                assertThat(streams.numbers(1000).take(2).toList()).containsExactly(1, 2)
            }
            // A cancelled collection releases once the flow has stopped: waited for, not assumed.
            lock.acquire(Duration.ofSeconds(30)).release()
        }
    }

    private fun Streams.numbersFlow(): Flow<Int> = runBlocking { numbersLater(3) }

    @Test
    fun `a Deferred result is refused at start-up, saying what to return instead`() {
        for (bean in listOf(Eager::class.java, EagerSuspend::class.java)) {
            runner().withBean(bean).run { context ->
                assertThat(context).hasFailed()
                assertThat(context.startupFailure)
                    .hasMessageContaining("returns a Kotlin Deferred")
                    .hasMessageContaining("the value itself")
            }
        }
    }

    @Test
    fun `SKIP on a suspend fun returning a non-null type is refused at start-up`() {
        runner().withBean(SkipsToNothing::class.java).run { context ->
            assertThat(context).hasFailed()
            assertThat(context.startupFailure).hasMessageContaining(
                "SkipsToNothing.count(Continuation) uses onTimeout = SKIP but returns a non-null Integer")
        }
    }
}
