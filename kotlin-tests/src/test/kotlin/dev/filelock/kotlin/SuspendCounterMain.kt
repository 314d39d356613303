package dev.filelock.kotlin

import dev.filelock.spring.FileLocked
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.springframework.boot.WebApplicationType
import org.springframework.boot.autoconfigure.ImportAutoConfiguration
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration
import org.springframework.boot.builder.SpringApplicationBuilder
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.stereotype.Service
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/**
 * A Kotlin Spring Boot application in a child JVM. Arguments: `DIRECTORY FILE N LOCKED`. Prints
 * `READY` once started, starts on a line from stdin, then launches N coroutines on
 * `Dispatchers.Default` that each add one to the number in FILE through a read, a `delay` and a
 * write, through the `@FileLocked` suspend fun when LOCKED is `true`, else through the same body
 * without the lock; prints `DONE N max=M`, M the most bodies this JVM had inside at once.
 */
object SuspendCounterMain {
    @JvmStatic
    fun main(args: Array<String>) {
        val file = Path.of(args[1])
        val n = args[2].toInt()
        val locked = args[3].toBoolean()
        SpringApplicationBuilder(SuspendCounterApp::class.java)
            .web(WebApplicationType.NONE)
            .properties("file-lock.directory=" + args[0], "file-lock.locks.counter.type=file",
                "file-lock.locks.counter.timeout=60s")
            .run().use { context ->
                val counter = context.getBean(FileCounter::class.java)
                println("READY")
                readln()
                runBlocking(Dispatchers.Default) {
                    repeat(n) { launch { if (locked) counter.increment(file) else counter.incrementUnlocked(file) } }
                }
                println("DONE $n max=${counter.maxInside()}")
            }
    }
}

@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(AopAutoConfiguration::class, FileLockAutoConfiguration::class)
class SuspendCounterApp {
    @Bean
    fun fileCounter() = FileCounter()
}

@Service
class FileCounter {
    private val inside = Inside()

    @FileLocked("counter")
    suspend fun increment(file: Path) = readModifyWrite(file)

    suspend fun incrementUnlocked(file: Path) = readModifyWrite(file)

    private suspend fun readModifyWrite(file: Path) {
        inside.enter()
        val read = Files.readString(file).trim().toInt()
        delay(2)
        // Whole or not at all, so that a read racing a write (without the lock) sees a number.
        val next = Files.createTempFile(file.parent, "next", ".tmp")
        Files.writeString(next, (read + 1).toString())
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
        inside.leave()
    }

    fun maxInside() = inside.max
}
