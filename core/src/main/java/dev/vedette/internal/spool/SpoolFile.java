package dev.vedette.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only, byte-bounded log of checksummed frames in a directory, kept in memory-mapped
 * segment files, with a durable read mark.
 *
 * <p>A frame is {@code [int length][byte type][int CRC32C of type and payload][payload]}. Frames
 * are addressed by a position (a long that only grows); {@link #read} returns them in append order
 * from any position, and {@link #commit} records durably, in a small {@code commit} file, that
 * everything before a position is consumed: a later {@link #open} resumes there, and segment files
 * wholly before it are deleted.
 *
 * <p>The directory holds at most {@code maxBytes} of segment files (each {@code segmentBytes}
 * long): an {@link #append} that would need more is refused and counted in {@link #refused()}.
 * Appends are thread-safe; {@link #read} and {@link #commit} are for one consumer thread.
 *
 * <p>Data is written to mapped memory, so it survives the death of the process (kill -9) without a
 * sync per frame; it is not forced to the device, so a power loss can lose the newest frames. On
 * open, a torn or corrupt frame (bad length or checksum) is counted in {@link #corrupt()} and
 * skipped with the rest of its segment; it never fails the open. One process at a time may use a
 * directory ({@code spool.lock}).
 */
public final class SpoolFile implements AutoCloseable {
    /** Bytes of a frame's header: length, type and checksum. */
    public static final int HEADER_BYTES = 9;

    private static final String SUFFIX = ".spool";

    /** A frame read back: its position, the position after it, its type and payload. */
    public record Frame(long position, long next, byte type, byte[] payload) {}

    private static final class Segment {
        final long start;
        final int size;
        final Path path;
        final MappedByteBuffer buf;

        Segment(long start, int size, Path path, MappedByteBuffer buf) {
            this.start = start;
            this.size = size;
            this.path = path;
            this.buf = buf;
        }

        long limit() {
            return start + size;
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final int segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final MappedByteBuffer commitBuf;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final LongAdder refused = new LongAdder();
    private final LongAdder appended = new LongAdder();
    private final long corrupt;
    private Segment current; // guarded by this
    private volatile long end;
    private volatile long committed;
    private volatile long diskBytes;
    private boolean closed; // guarded by this

    private SpoolFile(Path dir, long maxBytes, int segmentBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        this.lockChannel =
                FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken;
        try {
            taken = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        }
        if (taken == null) {
            lockChannel.close();
            throw new IOException("spool directory " + dir + " is in use by another spool");
        }
        this.lock = taken;
        try (FileChannel ch = FileChannel.open(
                dir.resolve("commit"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            this.commitBuf = ch.map(FileChannel.MapMode.READ_WRITE, 0, 16);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            long start = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            long size = Files.size(p);
            if (size < HEADER_BYTES || size > Integer.MAX_VALUE) {
                Files.deleteIfExists(p);
                continue;
            }
            segments.put(start, map(p, (int) size));
        }
        long mark = readCommit();
        if (segments.isEmpty()) {
            mark = Math.max(0, mark);
            segments.put(mark, newSegment(mark));
        }
        if (mark < segments.firstKey()) {
            mark = segments.firstKey();
        }
        for (Segment s : List.copyOf(segments.values())) {
            if (s.limit() <= mark && s != segments.lastEntry().getValue()) {
                segments.remove(s.start);
                Files.deleteIfExists(s.path);
            }
        }
        if (mark >= segments.lastEntry().getValue().limit()) {
            mark = segments.lastEntry().getValue().limit();
        }
        this.committed = mark;
        this.current = segments.lastEntry().getValue();
        long[] scan = scan(mark);
        this.end = scan[0];
        this.corrupt = scan[1];
        writeCommit(mark);
        this.diskBytes = sumSizes();
    }

    /**
     * Opens (or creates) the spool in this directory, resuming after the last committed position.
     *
     * @param maxBytes the bound on the segment files' total size
     * @param segmentBytes the size of each new segment file; a frame must fit in one
     * @throws IOException if the directory cannot be used, or another spool has it open
     * @throws IllegalArgumentException if segmentBytes is under 1 KiB or maxBytes under one segment
     */
    public static SpoolFile open(Path dir, long maxBytes, int segmentBytes) throws IOException {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, was " + segmentBytes);
        }
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException(
                    "maxBytes must be at least segmentBytes (" + segmentBytes + "), was " + maxBytes);
        }
        return new SpoolFile(dir, maxBytes, segmentBytes);
    }

    /** A segment size for this bound: a quarter of it, between 64 KiB and 64 MiB. */
    public static int segmentBytesFor(long maxBytes) {
        return (int) Math.max(64 * 1024, Math.min(64L * 1024 * 1024, maxBytes / 4));
    }

    /**
     * Appends a frame.
     *
     * @return the position after the frame, or -1 if it was refused (counted in {@link #refused()}):
     *     the byte bound would be exceeded, the frame is larger than a segment, the spool is closed,
     *     or the disk failed
     */
    public long append(byte type, byte[] payload) {
        return append(type, payload, payload.length);
    }

    /** As {@link #append(byte, byte[])}, with the first {@code length} bytes of {@code payload}. */
    public long append(byte type, byte[] payload, int length) {
        int size = HEADER_BYTES + length;
        if (size > segmentBytes || length < 0 || length > payload.length) {
            refused.increment();
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(payload, 0, length);
        int sum = (int) crc.getValue();
        synchronized (this) {
            if (closed) {
                refused.increment();
                return -1;
            }
            try {
                long at = end;
                Segment s = current;
                if (at - s.start + size > s.size) {
                    if (diskBytes + segmentBytes > maxBytes) {
                        refused.increment();
                        return -1;
                    }
                    s = newSegment(s.limit());
                    segments.put(s.start, s);
                    current = s;
                    diskBytes = sumSizes();
                    at = s.start;
                }
                int off = (int) (at - s.start);
                s.buf.put(off + 4, type);
                s.buf.putInt(off + 5, sum);
                s.buf.put(off + HEADER_BYTES, payload, 0, length);
                s.buf.putInt(off, length);
                long next = at + size;
                end = next;
                appended.increment();
                return next;
            } catch (IOException | RuntimeException | InternalError e) {
                // a mapped page that cannot be backed (disk full) surfaces as InternalError
                refused.increment();
                return -1;
            }
        }
    }

    /** Same as {@link #append(byte, byte[])}, true if the frame was appended. */
    public boolean offer(byte type, byte[] payload) {
        return append(type, payload) >= 0;
    }

    /**
     * Reads up to {@code max} frames in order, starting at {@code from} (the committed position, or
     * the {@link Frame#next()} of a frame read before).
     */
    public List<Frame> read(long from, int max) {
        List<Frame> out = new ArrayList<>(Math.min(max, 64));
        long limit = end;
        long pos = from;
        while (out.size() < max && pos < limit) {
            Map.Entry<Long, Segment> e = segments.floorEntry(pos);
            if (e == null) {
                break;
            }
            Segment s = e.getValue();
            int off = (int) (pos - s.start);
            int len = off + HEADER_BYTES <= s.size ? s.buf.getInt(off) : 0;
            if (len <= 0 || off + HEADER_BYTES + len > s.size) {
                Segment next = segments.get(s.limit());
                if (next == null) {
                    break;
                }
                pos = next.start;
                continue;
            }
            byte[] payload = new byte[len];
            s.buf.get(off + HEADER_BYTES, payload);
            long next = pos + HEADER_BYTES + len;
            out.add(new Frame(pos, next, s.buf.get(off + 4), payload));
            pos = next;
        }
        return out;
    }

    /**
     * Records durably that everything before {@code position} is consumed and deletes the segment
     * files wholly before it. A position at or before the committed one is ignored.
     */
    public void commit(long position) {
        if (position <= committed) {
            return;
        }
        committed = position;
        synchronized (this) {
            if (closed) {
                return;
            }
            writeCommit(position);
            for (Segment s : List.copyOf(segments.values())) {
                if (s.limit() <= position && s != current) {
                    segments.remove(s.start);
                    try {
                        Files.deleteIfExists(s.path);
                    } catch (IOException e) {
                        // left behind: counted in bytes() until the next open removes it
                        segments.put(s.start, s);
                    }
                }
            }
            diskBytes = sumSizes();
        }
    }

    /** The position everything before which is consumed. */
    public long committed() {
        return committed;
    }

    /** The position after the newest frame. */
    public long end() {
        return end;
    }

    /** True while frames after the committed position are waiting. */
    public boolean hasPending() {
        return end > committed;
    }

    /** Frames appended since open. */
    public long appended() {
        return appended.sum();
    }

    /** Appends refused since open (bound, size or disk failure). */
    public long refused() {
        return refused.sum();
    }

    /** Torn or corrupt frames found and skipped when the spool was opened. */
    public long corrupt() {
        return corrupt;
    }

    /** Bytes the segment files take on disk now. */
    public long bytes() {
        return diskBytes;
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** Releases the directory; later appends are refused. The files stay for the next open. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    private long sumSizes() {
        long sum = 0;
        for (Segment s : segments.values()) {
            sum += s.size;
        }
        return sum;
    }

    /** Finds the end from the committed position; a bad frame ends its segment. Returns {end, corrupt}. */
    private long[] scan(long from) throws IOException {
        long pos = from;
        long bad = 0;
        while (true) {
            Map.Entry<Long, Segment> e = segments.floorEntry(pos);
            Segment s = e == null ? segments.firstEntry().getValue() : e.getValue();
            if (e == null) {
                pos = s.start;
            }
            Segment next = segments.get(s.limit());
            int off = (int) (pos - s.start);
            int len = off + HEADER_BYTES <= s.size ? s.buf.getInt(off) : 0;
            if (len == 0) {
                if (next == null) {
                    return new long[] {pos, bad};
                }
                pos = next.start;
                continue;
            }
            if (len < 0 || off + HEADER_BYTES + len > s.size || !checksumOk(s, off, len)) {
                bad++;
                // everything after a bad frame in its segment is unreadable: end the segment here
                for (int i = off; i < s.size; i++) {
                    s.buf.put(i, (byte) 0);
                }
                if (next == null) {
                    return new long[] {pos, bad};
                }
                pos = next.start;
                continue;
            }
            pos += HEADER_BYTES + len;
        }
    }

    private static boolean checksumOk(Segment s, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(s.buf.get(off + 4));
        ByteBuffer payload = s.buf.slice(off + HEADER_BYTES, len);
        crc.update(payload);
        return (int) crc.getValue() == s.buf.getInt(off + 5);
    }

    private long readCommit() {
        long pos = commitBuf.getLong(0);
        CRC32C crc = new CRC32C();
        crc.update(commitBuf.slice(0, 8));
        return (int) crc.getValue() == commitBuf.getInt(8) ? pos : -1;
    }

    private void writeCommit(long pos) {
        commitBuf.putLong(0, pos);
        CRC32C crc = new CRC32C();
        crc.update(commitBuf.slice(0, 8));
        commitBuf.putInt(8, (int) crc.getValue());
    }

    private Segment newSegment(long start) throws IOException {
        Path p = dir.resolve(String.format("%020d%s", start, SUFFIX));
        return map(p, segmentBytes);
    }

    private static Segment map(Path p, int size) throws IOException {
        try (FileChannel ch =
                FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            String name = p.getFileName().toString();
            return new Segment(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), size, p, buf);
        }
    }

    @Override
    public String toString() {
        return "SpoolFile[" + dir + ", committed " + committed + ", end " + end + "]";
    }

    /** The file of the segment that starts at this position (for tests that damage one). */
    static Path segmentPath(Path dir, long start) {
        return dir.resolve(String.format("%020d%s", start, SUFFIX));
    }
}
