package dev.vedette.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFileTest {
    private static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<SpoolFile.Frame> frames) {
        return frames.stream()
                .map(f -> f.type() + ":" + new String(f.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<SpoolFile.Frame> readAll(SpoolFile spool) {
        return spool.read(spool.committed(), Integer.MAX_VALUE);
    }

    @Test
    void framesComeBackInOrderWithTheirTypesAcrossSegments() throws IOException {
        try (SpoolFile spool = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) { // ~ 3 segments of 4 KiB
                byte type = (byte) (i % 5 + 1);
                assertThat(spool.offer(type, bytes("record-" + i + "-".repeat(i % 17 + 80))))
                        .isTrue();
                expected.add(type + ":record-" + i + "-".repeat(i % 17 + 80));
            }

            assertThat(texts(readAll(spool))).containsExactlyElementsOf(expected);
            assertThat(spool.appended()).isEqualTo(100);
            assertThat(spool.bytes()).isGreaterThan(SEGMENT);
        }
    }

    @Test
    void readingResumesFromAFramesNextPosition() throws IOException {
        try (SpoolFile spool = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            for (int i = 0; i < 10; i++) {
                spool.offer((byte) 1, bytes("r" + i));
            }
            List<SpoolFile.Frame> first = spool.read(spool.committed(), 4);
            List<SpoolFile.Frame> rest = spool.read(first.getLast().next(), 100);

            assertThat(texts(first)).containsExactly("1:r0", "1:r1", "1:r2", "1:r3");
            assertThat(texts(rest)).hasSize(6).first().isEqualTo("1:r4");
        }
    }

    @Test
    void theByteBoundRefusesAndCountsEveryFrameBeyondIt() throws IOException {
        byte[] payload = new byte[1000 - SpoolFile.HEADER_BYTES]; // 4 frames per 4 KiB segment
        try (SpoolFile spool = SpoolFile.open(dir, 2L * SEGMENT, SEGMENT)) {
            int ok = 0;
            for (int i = 0; i < 20; i++) {
                if (spool.offer((byte) 1, payload)) {
                    ok++;
                }
            }

            assertThat(ok).isEqualTo(8);
            assertThat(spool.refused()).isEqualTo(12);
            assertThat(readAll(spool)).hasSize(8);
            assertThat(spool.bytes()).isEqualTo(2L * SEGMENT);
            assertThat(spool.offer((byte) 1, new byte[SEGMENT]))
                    .as("larger than a segment")
                    .isFalse();
            assertThat(spool.refused()).isEqualTo(13);
        }
    }

    @Test
    void commitTrimsConsumedSegmentsAndMakesRoomAgain() throws IOException {
        byte[] payload = new byte[1000 - SpoolFile.HEADER_BYTES];
        try (SpoolFile spool = SpoolFile.open(dir, 2L * SEGMENT, SEGMENT)) {
            for (int i = 0; i < 8; i++) {
                spool.offer((byte) 1, payload);
            }
            assertThat(spool.offer((byte) 1, payload)).isFalse();
            List<SpoolFile.Frame> frames = readAll(spool);

            spool.commit(frames.get(4).position()); // the first segment is consumed

            assertThat(segmentFiles()).hasSize(1);
            assertThat(spool.offer((byte) 1, payload)).isTrue();
            assertThat(readAll(spool)).hasSize(5);
            spool.commit(spool.end());
            assertThat(spool.hasPending()).isFalse();
        }
    }

    @Test
    void aReopenedSpoolResumesAfterTheCommittedPosition() throws IOException {
        long next;
        try (SpoolFile spool = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            for (int i = 0; i < 60; i++) {
                spool.offer((byte) 2, bytes("r" + i + "x".repeat(50)));
            }
            next = spool.read(spool.committed(), 45).getLast().next();
            spool.commit(next);
        }
        try (SpoolFile reopened = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            List<SpoolFile.Frame> left = readAll(reopened);

            assertThat(reopened.committed()).isEqualTo(next);
            assertThat(left).hasSize(15);
            assertThat(texts(left).getFirst()).startsWith("2:r45x");
            assertThat(reopened.corrupt()).isZero();
            reopened.offer((byte) 3, bytes("after"));
            assertThat(texts(readAll(reopened))).hasSize(16).last().isEqualTo("3:after");
        }
    }

    @Test
    void aTornTailIsCountedAndSkippedAndAppendingGoesOn() throws IOException {
        long tornAt;
        try (SpoolFile spool = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            spool.offer((byte) 1, bytes("whole-1"));
            tornAt = spool.append((byte) 1, bytes("whole-2"));
            spool.offer((byte) 1, bytes("torn-3-with-a-longer-payload"));
        }
        // a write cut short: the length is there, half of the payload is not
        try (RandomAccessFile f =
                new RandomAccessFile(SpoolFile.segmentPath(dir, 0).toFile(), "rw")) {
            f.seek(tornAt + SpoolFile.HEADER_BYTES + 10);
            f.write(new byte[18]);
        }
        try (SpoolFile reopened = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            assertThat(reopened.corrupt()).isEqualTo(1);
            assertThat(texts(readAll(reopened))).containsExactly("1:whole-1", "1:whole-2");
            reopened.offer((byte) 1, bytes("new"));
            assertThat(texts(readAll(reopened))).containsExactly("1:whole-1", "1:whole-2", "1:new");
        }
        try (SpoolFile again = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            assertThat(again.corrupt()).isZero();
            assertThat(texts(readAll(again))).containsExactly("1:whole-1", "1:whole-2", "1:new");
        }
    }

    @Test
    void aCorruptChecksumInAnEarlierSegmentLosesOnlyTheRestOfThatSegment() throws IOException {
        try (SpoolFile spool = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            for (int i = 0; i < 8; i++) { // two segments of four frames
                spool.offer((byte) 1, bytes(i + "-".repeat(990)));
            }
        }
        try (RandomAccessFile f =
                new RandomAccessFile(SpoolFile.segmentPath(dir, 0).toFile(), "rw")) {
            f.seek(1000L + SpoolFile.HEADER_BYTES + 500); // a bit flipped in the second frame's payload
            f.write('#');
        }
        try (SpoolFile reopened = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            List<String> left = texts(readAll(reopened)).stream()
                    .map(t -> t.substring(2, 3))
                    .toList();

            assertThat(reopened.corrupt()).isEqualTo(1);
            assertThat(left).containsExactly("0", "4", "5", "6", "7");
        }
    }

    @Test
    void aSecondSpoolOnTheSameDirectoryIsRefused() throws IOException {
        try (SpoolFile spool = SpoolFile.open(dir, 4L * SEGMENT, SEGMENT)) {
            assertThatThrownBy(() -> SpoolFile.open(dir, 4L * SEGMENT, SEGMENT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
            assertThat(spool.offer((byte) 1, bytes("x"))).isTrue();
        }
    }

    @Test
    void concurrentAppendsAreAllReadBackWhole() throws Exception {
        int threads = 4;
        int each = 2_000;
        try (SpoolFile spool = SpoolFile.open(dir, 64L * 65536, 65536)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        spool.offer((byte) 1, bytes(id + ":" + i));
                    }
                }));
            }
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
            List<String> read = texts(readAll(spool));

            assertThat(read).hasSize(threads * each).doesNotHaveDuplicates();
            for (int t = 0; t < threads; t++) {
                String prefix = "1:" + t + ":";
                List<Integer> mine = read.stream()
                        .filter(s -> s.startsWith(prefix))
                        .map(s -> Integer.parseInt(s.substring(prefix.length())))
                        .toList();
                assertThat(mine).as("thread %d in its own order", t).isSorted().hasSize(each);
            }
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".spool")).toList();
        }
    }
}
