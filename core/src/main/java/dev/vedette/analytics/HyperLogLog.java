package dev.vedette.analytics;

import dev.vedette.internal.Validate;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A HyperLogLog sketch: estimates the number of distinct keys added in fixed memory.
 *
 * <p>With precision {@code p} the sketch has {@code m = 2^p} registers of 6 bits (packed ten to a
 * {@code long}: p = 12 takes about 3.3 KB) and a relative standard error of about {@code 1.04 /
 * sqrt(m)}: 1.6 % at p = 12, 1.15 % at p = 13, 0.8 % at p = 14. Small cardinalities use linear
 * counting (Flajolet et al. 2007, with the small-range correction), so they are nearly exact; keys
 * are hashed to 64 bits, so no large-range correction is needed.
 *
 * <p>Thread-safe and lock-free: {@link #add} updates one register with a compare-and-set. Sketches of
 * equal precision merge by taking the maximum of each register, which estimates the size of the
 * union.
 *
 * <p>A sketch kept outside the JVM (a store keeps one per day as rows of register and rank, merged
 * with {@code max}) is built with {@link #registerOf} and {@link #rankOf}, which split a {@link
 * #hash} exactly as {@link #addHash} does, and read back with {@link #raise} and {@link #estimate}.
 * This split is part of the contract: it does not change between versions of a stored sketch.
 */
public final class HyperLogLog {
    /** Smallest precision accepted. */
    public static final int MIN_PRECISION = 4;
    /** Largest precision accepted. */
    public static final int MAX_PRECISION = 16;

    private static final int BITS = 6;
    private static final int PER_WORD = 10;
    private static final long MASK = (1L << BITS) - 1;

    private final int precision;
    private final int m;
    private final AtomicLongArray words;

    /**
     * An empty sketch.
     *
     * @param precision {@value #MIN_PRECISION} to {@value #MAX_PRECISION}; {@code 2^precision}
     *     registers
     * @throws IllegalArgumentException if the precision is out of range
     */
    public HyperLogLog(int precision) {
        this.precision = Validate.between("precision", precision, MIN_PRECISION, MAX_PRECISION);
        this.m = 1 << precision;
        this.words = new AtomicLongArray((m + PER_WORD - 1) / PER_WORD);
    }

    /** The precision {@code p}. */
    public int precision() {
        return precision;
    }

    /** The relative standard error {@code 1.04 / sqrt(2^p)}. */
    public double standardError() {
        return standardError(precision);
    }

    /** The relative standard error {@code 1.04 / sqrt(2^p)} of a sketch with this precision. */
    public static double standardError(int precision) {
        return 1.04 / Math.sqrt(1 << precision);
    }

    /** Adds a key; null is ignored. */
    public void add(@org.jspecify.annotations.Nullable String key) {
        if (key != null) {
            addHash(hash(key));
        }
    }

    /** Adds a key already hashed with {@link #hash(String)}. */
    public void addHash(long hash) {
        raiseRegister(registerOf(hash, precision), rankOf(hash, precision));
    }

    /**
     * The register a hash falls in at a precision: its top {@code precision} bits, 0 to {@code
     * 2^precision - 1}.
     *
     * @throws IllegalArgumentException if the precision is out of range
     */
    public static int registerOf(long hash, int precision) {
        Validate.between("precision", precision, MIN_PRECISION, MAX_PRECISION);
        return (int) (hash >>> (64 - precision));
    }

    /**
     * The rank a hash offers its register at a precision: one more than the leading zeros of the
     * remaining bits, 1 to {@code 65 - precision}.
     *
     * @throws IllegalArgumentException if the precision is out of range
     */
    public static int rankOf(long hash, int precision) {
        Validate.between("precision", precision, MIN_PRECISION, MAX_PRECISION);
        return Long.numberOfLeadingZeros((hash << precision) | (1L << (precision - 1))) + 1;
    }

    /**
     * Raises one register to at least {@code rank}, as adding a key with that register and rank
     * would; for sketches read back from storage.
     *
     * @throws IllegalArgumentException if the register is not below {@code 2^precision} or the rank
     *     is not between 0 and {@code 65 - precision}
     */
    public void raise(int register, int rank) {
        if (register < 0 || register >= m) {
            throw new IllegalArgumentException("register must be between 0 and " + (m - 1) + ", was " + register);
        }
        if (rank < 0 || rank > 65 - precision) {
            throw new IllegalArgumentException("rank must be between 0 and " + (65 - precision) + ", was " + rank);
        }
        raiseRegister(register, rank);
    }

    private void raiseRegister(int index, int value) {
        int word = index / PER_WORD;
        int shift = (index % PER_WORD) * BITS;
        while (true) {
            long current = words.get(word);
            long reg = (current >>> shift) & MASK;
            if (value <= reg) {
                return;
            }
            long updated = (current & ~(MASK << shift)) | ((long) value << shift);
            if (words.compareAndSet(word, current, updated)) {
                return;
            }
        }
    }

    private int register(int index) {
        return (int) ((words.get(index / PER_WORD) >>> ((index % PER_WORD) * BITS)) & MASK);
    }

    /**
     * Raises every register of this sketch to at least the other's: this sketch then estimates the
     * union of both.
     *
     * @throws IllegalArgumentException if the precisions differ
     */
    public void mergeFrom(HyperLogLog other) {
        if (other.precision != precision) {
            throw new IllegalArgumentException(
                    "precision must match to merge, was " + other.precision + " into " + precision);
        }
        for (int i = 0; i < m; i++) {
            int v = other.register(i);
            if (v > 0) {
                raiseRegister(i, v);
            }
        }
    }

    /** The estimated number of distinct keys added. */
    public long estimate() {
        double sum = 0;
        int zeros = 0;
        for (int i = 0; i < m; i++) {
            int r = register(i);
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = switch (m) {
            case 16 -> 0.673;
            case 32 -> 0.697;
            case 64 -> 0.709;
            default -> 0.7213 / (1 + 1.079 / m);
        };
        double e = alpha * m * (double) m / sum;
        if (e <= 2.5 * m && zeros > 0) {
            e = m * Math.log((double) m / zeros);
        }
        return Math.round(e);
    }

    /**
     * The 64-bit hash the sketch uses: FNV-1a over the UTF-16 code units, then the MurmurHash3
     * 64-bit finaliser to spread the bits.
     */
    public static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
