package dev.filelock.kotlin

import dev.filelock.core.ChildJvm
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path

/**
 * Two JVMs, each running 100 coroutines through one `@FileLocked` suspend fun that adds one to a
 * number in a shared file with a `delay` between the read and the write: exact with the lock, and
 * losing updates without it (the negative control, which proves the harness can see a race).
 */
class SuspendAcrossJvmsTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun `two JVMs of coroutines through a locked suspend fun count exactly`() {
        val result = count(locked = true)
        assertThat(result.total).isEqualTo(JVMS * PER_JVM)
        assertThat(result.maxInside).containsOnly(1)
    }

    @Test
    fun `the same harness without the lock loses updates`() {
        assertThat(count(locked = false).total).isLessThan(JVMS * PER_JVM)
    }

    private class Result(val total: Int, val maxInside: List<Int>)

    private fun count(locked: Boolean): Result {
        val file = dir.resolve("counter.txt")
        Files.writeString(file, "0")
        val children = (1..JVMS).map { ChildJvm.java(SuspendCounterMain::class.java, dir, file, PER_JVM, locked) }
        try {
            children.forEach { it.awaitLine("READY") }
            children.forEach { it.send("go") }
            val maxInside = children.map { it.awaitLine("DONE $PER_JVM max=").substringAfter("max=").toInt() }
            children.forEach { it.awaitSuccess() }
            return Result(Files.readString(file).trim().toInt(), maxInside)
        } finally {
            children.forEach { it.close() }
        }
    }

    private companion object {
        const val JVMS = 2
        const val PER_JVM = 100
    }
}
