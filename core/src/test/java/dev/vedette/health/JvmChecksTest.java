package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk space, heap and deadlock checks against the real machine and JVM. */
class JvmChecksTest {
    @TempDir
    Path dir;

    @Test
    void diskWithMoreFreeSpaceThanTheThresholdsIsUp() throws Exception {
        HealthReport report = HealthChecks.diskSpace("disk", dir)
                .degradedBelowPercent(0)
                .downBelowPercent(0)
                .degradedBelowBytes(1)
                .build()
                .check();

        FileStore store = Files.getFileStore(dir);
        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        assertThat(report.details())
                .containsEntry("path", dir.toString())
                .containsEntry("totalBytes", store.getTotalSpace())
                .containsKeys("freeBytes", "freePercent");
    }

    @Test
    void diskWithLessFreeSpaceThanTheDownThresholdIsDown() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        HealthReport report = HealthChecks.diskSpace("disk", dir)
                .downBelowBytes(free + (1L << 40))
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).startsWith("disk almost full: ");
    }

    @Test
    void diskBelowTheDegradedPercentageIsDegraded() throws Exception {
        HealthReport report = HealthChecks.diskSpace("disk", dir)
                .degradedBelowPercent(100)
                .downBelowPercent(0)
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(report.message()).startsWith("disk space low: ");
    }

    @Test
    void missingPathIsDown() throws Exception {
        HealthReport report = HealthChecks.diskSpace("disk", dir.resolve("nope/deeper"))
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).contains("NoSuchFileException");
    }

    @Test
    void diskBuilderRejectsContradictingThresholds() {
        assertThatThrownBy(() -> HealthChecks.diskSpace("disk", dir).degradedBelowPercent(101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradedBelowPercent must be between 0 and 100, was 101.0");
        assertThatThrownBy(() -> HealthChecks.diskSpace("disk", dir).downBelowBytes(-1))
                .hasMessage("downBelowBytes must not be negative, was -1");
        assertThatThrownBy(() ->
                        HealthChecks.diskSpace("disk", dir).downBelowPercent(20).build())
                .hasMessage("downBelowPercent must not be above degradedBelowPercent (10.0), was 20.0");
    }

    @Test
    void heapBelowTheThresholdsIsUpAndAboveIsDegradedOrDown() throws Exception {
        HealthReport up = HealthChecks.jvmHeap("heap")
                .degradedAbove(1)
                .downAbove(1)
                .build()
                .check();
        HealthReport degraded =
                HealthChecks.jvmHeap("heap").degradedAbove(0).build().check();
        HealthReport down = HealthChecks.jvmHeap("heap")
                .degradedAbove(0)
                .downAbove(0)
                .build()
                .check();

        assertThat(up.status()).isEqualTo(HealthStatus.UP);
        assertThat(up.details()).containsKeys("usedBytes", "maxBytes", "usedFraction");
        assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(degraded.message()).startsWith("heap usage high: ");
        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.message()).startsWith("heap almost full: ");
        assertThatThrownBy(() -> HealthChecks.jvmHeap("heap").degradedAbove(1.5))
                .hasMessage("degradedAbove must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> HealthChecks.jvmHeap("heap").downAbove(0.5).build())
                .hasMessage("downAbove must not be below degradedAbove (0.9), was 0.5");
    }

    @Test
    void realDeadlockIsDownNamingTheThreads() throws Exception {
        HealthReport before = HealthChecks.deadlocks("deadlocks").build().check();
        assertThat(before.status()).isEqualTo(HealthStatus.UP);

        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread t1 = startDaemon("vedette-test-deadlock-1", a, b, bothHoldOne);
        Thread t2 = startDaemon("vedette-test-deadlock-2", b, a, bothHoldOne);
        bothHoldOne.await();

        HealthReport report;
        long giveUp = System.nanoTime() + 10_000_000_000L;
        do { // the second lock may not be parked yet; the MXBean sees the cycle once both are parked
            report = HealthChecks.deadlocks("deadlocks").build().check();
            Thread.onSpinWait();
        } while (report.status().equals(HealthStatus.UP) && System.nanoTime() < giveUp);

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message())
                .startsWith("2 deadlocked threads: ")
                .contains("vedette-test-deadlock-1")
                .contains("vedette-test-deadlock-2");
        assertThat(report.details()).containsKey("threads");

        // break the deadlock so that other tests in this JVM see a healthy JVM again
        t1.interrupt();
        t2.interrupt();
        t1.join();
        t2.join();
        assertThat(HealthChecks.deadlocks("deadlocks").build().check().status()).isEqualTo(HealthStatus.UP);
    }

    private static Thread startDaemon(String name, ReentrantLock first, ReentrantLock second, CountDownLatch ready) {
        Thread t = new Thread(
                () -> {
                    first.lock();
                    ready.countDown();
                    try {
                        ready.await();
                        second.lockInterruptibly();
                    } catch (InterruptedException e) {
                        // released by the test
                    } finally {
                        first.unlock();
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
