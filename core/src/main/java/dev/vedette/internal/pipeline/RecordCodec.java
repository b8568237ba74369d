package dev.vedette.internal.pipeline;

import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Money;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WebhookEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A hand-written binary encoding of the five record types with their arrival time, for the disk
 * spool: {@code [long atMillis][fields]}. Strings keep every UTF-16 unit (lone surrogates too), so
 * a record replayed from the spool is the record that was given. A webhook event is spooled as the
 * log entry it is stored as. Encoding allocates one array per record (the buffer is per thread).
 */
final class RecordCodec {
    static final byte TRANSACTION = 1;
    static final byte HEALTH = 2;
    static final byte ERROR = 3;
    static final byte LOG = 4;

    private static final int NULL = -1;
    private static final ThreadLocal<Out> BUFFERS = ThreadLocal.withInitial(Out::new);

    /** A decoded record and its arrival time in epoch milliseconds. */
    record Stamped(Object item, long atMillis) {}

    /** Thrown when a frame that passed its checksum still cannot be read (a format from elsewhere). */
    static final class UnreadableFrame extends RuntimeException {
        UnreadableFrame(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    private RecordCodec() {}

    /** The frame type of a record, or 0 if it is not one of the five. */
    static byte type(Object item) {
        return switch (item) {
            case Transaction t -> TRANSACTION;
            case HealthReport r -> HEALTH;
            case ErrorEvent e -> ERROR;
            case LogEntry l -> LOG;
            case WebhookEvent w -> LOG;
            default -> 0;
        };
    }

    /** Encodes a record of a type {@link #type} knows. */
    static byte[] encode(Object item, long atMillis) {
        return encodeShared(item, atMillis).toArray();
    }

    /**
     * Encodes a record into this thread's buffer, valid until the thread's next encoding: the
     * record path appends it to the spool without a copy.
     */
    static Out encodeShared(Object item, long atMillis) {
        Out out = BUFFERS.get();
        out.reset();
        out.writeLong(atMillis);
        switch (item) {
            case Transaction t -> transaction(out, t);
            case HealthReport r -> health(out, r);
            case ErrorEvent e -> error(out, e);
            case LogEntry l -> log(out, l);
            case WebhookEvent w -> log(out, w.toLogEntry());
            default ->
                throw new IllegalArgumentException(
                        "not a record: " + item.getClass().getName());
        }
        return out;
    }

    /**
     * Decodes a frame.
     *
     * @throws UnreadableFrame if the payload does not decode
     */
    static Stamped decode(byte type, byte[] payload) {
        In in = new In(payload);
        try {
            long at = in.readLong();
            Object item = switch (type) {
                case TRANSACTION -> transaction(in);
                case HEALTH -> health(in);
                case ERROR -> error(in);
                case LOG -> log(in);
                default -> throw new UnreadableFrame("unknown frame type " + type, null);
            };
            if (in.pos != payload.length) {
                throw new UnreadableFrame(
                        "frame of type " + type + " has " + (payload.length - in.pos) + " bytes left over", null);
            }
            return new Stamped(item, at);
        } catch (RuntimeException e) {
            if (e instanceof UnreadableFrame u) {
                throw u;
            }
            throw new UnreadableFrame("frame of type " + type + " does not decode: " + e, e);
        }
    }

    private static void transaction(Out out, Transaction t) {
        out.writeString(t.id());
        TransactionStatus status = t.status();
        if (status == null) {
            out.writeString(null);
        } else {
            out.writeString(status.code());
            out.writeByte(status.kind().ordinal());
        }
        Money money = t.money();
        if (money == null) {
            out.writeString(null);
        } else {
            out.writeString(money.amount().toPlainString());
            out.writeString(money.currency().getCurrencyCode());
        }
        out.writeString(t.customerEmail());
        out.writeString(t.customerName());
        out.writeString(t.provider());
        out.writeString(t.providerOrderId());
        out.writeString(t.providerPaymentId());
        out.writeString(t.paymentMethod());
        out.writeString(t.errorCode());
        out.writeString(t.errorMessage());
        out.writeInt(t.attempt());
        out.writeDuration(t.latency());
        out.writeMap(t.metadata());
        out.writeInstant(t.occurredAt());
        out.writeString(t.step());
    }

    private static Transaction transaction(In in) {
        Transaction.Builder b = Transaction.builder(in.readString());
        String status = in.readNullableString();
        if (status != null) {
            b.status(TransactionStatus.of(status, TransactionStatus.Kind.values()[in.readByte()]));
        }
        String amount = in.readNullableString();
        if (amount != null) {
            b.amount(Money.of(new BigDecimal(amount), in.readString()));
        }
        String email = in.readNullableString();
        String name = in.readNullableString();
        if (email != null || name != null) {
            b.customer(email, name);
        }
        String provider = in.readNullableString();
        String orderId = in.readNullableString();
        String paymentId = in.readNullableString();
        if (provider != null) {
            b.provider(provider, orderId, paymentId);
        }
        String method = in.readNullableString();
        if (method != null) {
            b.paymentMethod(method);
        }
        String code = in.readNullableString();
        String message = in.readNullableString();
        if (code != null || message != null) {
            b.error(code, message);
        }
        int attempt = in.readInt();
        if (attempt > 0) {
            b.attempt(attempt);
        }
        Duration latency = in.readDuration();
        if (latency != null) {
            b.latency(latency);
        }
        b.metadata(in.readMap());
        Instant at = in.readInstant();
        if (at != null) {
            b.occurredAt(at);
        }
        String step = in.readNullableString();
        if (step != null) {
            b.step(step);
        }
        return b.build();
    }

    private static void health(Out out, HealthReport r) {
        out.writeString(r.component());
        out.writeString(r.status().code());
        out.writeDuration(r.responseTime());
        out.writeString(r.message());
        out.writeMap(r.details());
        out.writeInstant(r.checkedAt());
    }

    private static HealthReport health(In in) {
        HealthReport.Builder b = HealthReport.builder(in.readString(), HealthStatus.of(in.readString()));
        Duration response = in.readDuration();
        if (response != null) {
            b.responseTime(response);
        }
        b.message(in.readNullableString());
        b.details(in.readMap());
        Instant at = in.readInstant();
        if (at != null) {
            b.checkedAt(at);
        }
        return b.build();
    }

    private static void error(Out out, ErrorEvent e) {
        out.writeString(e.type());
        out.writeString(e.message());
        out.writeInt(e.frames().size());
        for (StackTraceElement f : e.frames()) {
            out.writeString(f.getClassLoaderName());
            out.writeString(f.getModuleName());
            out.writeString(f.getModuleVersion());
            out.writeString(f.getClassName());
            out.writeString(f.getMethodName());
            out.writeString(f.getFileName());
            out.writeInt(f.getLineNumber());
        }
        out.writeString(e.stackTrace());
        out.writeString(e.component());
        out.writeString(e.transactionId());
        out.writeMap(e.context());
        out.writeInstant(e.occurredAt());
    }

    private static ErrorEvent error(In in) {
        ErrorEvent.Builder b = ErrorEvent.builder(in.readString(), in.readNullableString());
        int n = in.readInt();
        List<StackTraceElement> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(new StackTraceElement(
                    in.readNullableString(),
                    in.readNullableString(),
                    in.readNullableString(),
                    in.readString(),
                    in.readString(),
                    in.readNullableString(),
                    in.readInt()));
        }
        b.stack(frames, in.readNullableString());
        String component = in.readNullableString();
        if (component != null) {
            b.component(component);
        }
        String transactionId = in.readNullableString();
        if (transactionId != null) {
            b.transactionId(transactionId);
        }
        in.readMap().forEach(b::context);
        Instant at = in.readInstant();
        if (at != null) {
            b.occurredAt(at);
        }
        return b.build();
    }

    private static void log(Out out, LogEntry l) {
        out.writeByte(l.level().ordinal());
        out.writeString(l.component());
        out.writeString(l.message());
        out.writeMap(l.details());
        out.writeString(l.transactionId());
        out.writeString(l.customer());
        out.writeInstant(l.occurredAt());
    }

    private static LogEntry log(In in) {
        return new LogEntry(
                LogLevel.values()[in.readByte()],
                in.readNullableString(),
                in.readString(),
                in.readMap(),
                in.readNullableString(),
                in.readNullableString(),
                in.readInstant());
    }

    /** A growable output buffer, one per thread. */
    static final class Out {
        private byte[] buf = new byte[512];
        private int pos;

        void reset() {
            if (buf.length > 64 * 1024) {
                buf = new byte[512]; // do not keep a large buffer per thread
            }
            pos = 0;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, pos);
        }

        /** The buffer; its first {@link #length()} bytes are the encoding. */
        byte[] bytes() {
            return buf;
        }

        int length() {
            return pos;
        }

        private void room(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void writeByte(int b) {
            room(1);
            buf[pos++] = (byte) b;
        }

        void writeInt(int v) {
            room(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        /** Char count, then each UTF-16 unit in one to three bytes (as modified UTF-8 does). */
        void writeString(@Nullable String s) {
            if (s == null) {
                writeInt(NULL);
                return;
            }
            int n = s.length();
            writeInt(n);
            room(n * 3);
            byte[] b = buf;
            int p = pos;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            pos = p;
        }

        void writeInstant(@Nullable Instant at) {
            if (at == null) {
                writeByte(0);
                return;
            }
            writeByte(1);
            writeLong(at.getEpochSecond());
            writeInt(at.getNano());
        }

        void writeDuration(@Nullable Duration d) {
            if (d == null) {
                writeByte(0);
                return;
            }
            writeByte(1);
            writeLong(d.getSeconds());
            writeInt(d.getNano());
        }

        void writeMap(Map<String, Object> map) {
            writeInt(map.size());
            for (Map.Entry<String, Object> e : map.entrySet()) {
                writeString(e.getKey());
                writeValue(e.getValue());
            }
        }

        /** A JSON-compatible value, tagged. */
        @SuppressWarnings("unchecked")
        void writeValue(@Nullable Object v) {
            switch (v) {
                case null -> writeByte(0);
                case String s -> {
                    writeByte(1);
                    writeString(s);
                }
                case Boolean b -> writeByte(b ? 2 : 3);
                case Integer i -> {
                    writeByte(4);
                    writeInt(i);
                }
                case Long l -> {
                    writeByte(5);
                    writeLong(l);
                }
                case Double d -> {
                    writeByte(6);
                    writeLong(Double.doubleToRawLongBits(d));
                }
                case BigDecimal d -> {
                    writeByte(7);
                    writeString(d.toString());
                }
                case BigInteger i -> {
                    writeByte(8);
                    writeString(i.toString());
                }
                case Map<?, ?> m -> {
                    writeByte(9);
                    writeMap((Map<String, Object>) m);
                }
                case List<?> list -> {
                    writeByte(10);
                    writeInt(list.size());
                    for (Object o : list) {
                        writeValue(o);
                    }
                }
                case Float f -> {
                    writeByte(11);
                    writeInt(Float.floatToRawIntBits(f));
                }
                case Short s -> {
                    writeByte(4);
                    writeInt(s);
                }
                case Byte b -> {
                    writeByte(4);
                    writeInt(b);
                }
                default -> {
                    writeByte(1);
                    writeString(String.valueOf(v));
                }
            }
        }
    }

    /** Reads what {@link Out} wrote. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int readByte() {
            return buf[pos++] & 0xFF;
        }

        int readInt() {
            int v = ((buf[pos] & 0xFF) << 24)
                    | ((buf[pos + 1] & 0xFF) << 16)
                    | ((buf[pos + 2] & 0xFF) << 8)
                    | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long readLong() {
            return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
        }

        String readString() {
            String s = readNullableString();
            if (s == null) {
                throw new UnreadableFrame("a required text is missing", null);
            }
            return s;
        }

        @Nullable
        String readNullableString() {
            int n = readInt();
            if (n == NULL) {
                return null;
            }
            if (n < 0 || n > buf.length - pos) {
                throw new UnreadableFrame("a text claims " + n + " characters", null);
            }
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                int b = buf[pos++] & 0xFF;
                if (b < 0x80) {
                    chars[i] = (char) b;
                } else if (b < 0xE0) {
                    chars[i] = (char) (((b & 0x1F) << 6) | (buf[pos++] & 0x3F));
                } else {
                    chars[i] = (char) (((b & 0x0F) << 12) | ((buf[pos++] & 0x3F) << 6) | (buf[pos++] & 0x3F));
                }
            }
            return new String(chars);
        }

        @Nullable
        Instant readInstant() {
            return readByte() == 0 ? null : Instant.ofEpochSecond(readLong(), readInt());
        }

        @Nullable
        Duration readDuration() {
            return readByte() == 0 ? null : Duration.ofSeconds(readLong(), readInt());
        }

        Map<String, Object> readMap() {
            int n = readInt();
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                map.put(readString(), readValue());
            }
            return map;
        }

        @Nullable
        Object readValue() {
            int tag = readByte();
            return switch (tag) {
                case 0 -> null;
                case 1 -> readString();
                case 2 -> Boolean.TRUE;
                case 3 -> Boolean.FALSE;
                case 4 -> readInt();
                case 5 -> readLong();
                case 6 -> Double.longBitsToDouble(readLong());
                case 7 -> new BigDecimal(readString());
                case 8 -> new BigInteger(readString());
                case 9 -> readMap();
                case 10 -> {
                    int n = readInt();
                    List<@Nullable Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(readValue());
                    }
                    yield list;
                }
                case 11 -> Float.intBitsToFloat(readInt());
                default -> throw new UnreadableFrame("unknown value tag " + tag, null);
            };
        }
    }
}
