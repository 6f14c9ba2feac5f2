package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/** Binary encoding of log values, results and snapshots: what the WAL and snapshot files hold. */
final class Codec {
    private Codec() {
    }

    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static byte[] encodeBatch(Batch batch) {
        Writer w = new Writer(32 + 32 * batch.commands().size());
        writeBatch(w, batch);
        return w.toBytes();
    }

    static Batch decodeBatch(byte[] bytes) {
        Reader r = new Reader(bytes);
        Batch b = readBatch(r);
        r.expectEnd();
        return b;
    }

    static void writeBatch(Writer w, Batch batch) {
        List<ClientCommand> commands = batch.commands();
        w.writeInt(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            ClientCommand c = commands.get(i);
            w.writeLong(c.clientId());
            w.writeLong(c.sequence());
            writeCommand(w, c.command());
        }
    }

    static Batch readBatch(Reader r) {
        int count = r.readCount();
        List<ClientCommand> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long clientId = r.readLong();
            long sequence = r.readLong();
            commands.add(new ClientCommand(clientId, sequence, readCommand(r)));
        }
        return new Batch(commands);
    }

    static int commandSizeBytes(Command c) {
        if (c instanceof Command.LogAppend a) {
            return 24 + a.stream().length() + a.payload().length();
        }
        if (c instanceof Command.Txn t) {
            return 16 * t.ops().size();
        }
        return 24;
    }

    static void writeCommand(Writer w, Command c) {
        if (c instanceof Command.Read x) {
            w.writeByte(1);
            w.writeString(x.key());
        } else if (c instanceof Command.Write x) {
            w.writeByte(2);
            w.writeString(x.key());
            w.writeLong(x.value());
        } else if (c instanceof Command.Cas x) {
            w.writeByte(3);
            w.writeString(x.key());
            w.writeLong(x.expected());
            w.writeLong(x.update());
        } else if (c instanceof Command.Txn x) {
            w.writeByte(4);
            w.writeInt(x.ops().size());
            for (MicroOp op : x.ops()) {
                writeMicroOp(w, op);
            }
        } else if (c instanceof Command.LogAppend x) {
            w.writeByte(5);
            w.writeString(x.stream());
            w.writeLong(x.index());
            w.writeString(x.payload());
            w.writeLong(x.checksum());
        } else if (c instanceof Command.LogRead x) {
            w.writeByte(6);
            w.writeString(x.stream());
            w.writeLong(x.fromIndex());
            w.writeInt(x.maxCount());
        } else if (c instanceof Command.Noop) {
            w.writeByte(7);
        } else {
            throw new AssertionError("unknown command " + c);
        }
    }

    private static void writeMicroOp(Writer w, MicroOp op) {
        if (op instanceof MicroOp.Append a) {
            w.writeByte(1);
            w.writeString(a.key());
            w.writeLong(a.value());
        } else if (op instanceof MicroOp.ReadList r) {
            w.writeByte(2);
            w.writeString(r.key());
        } else {
            throw new AssertionError("unknown micro-op " + op);
        }
    }

    static Command readCommand(Reader r) {
        int tag = r.readByte();
        switch (tag) {
            case 1: return new Command.Read(r.readString());
            case 2: return new Command.Write(r.readString(), r.readLong());
            case 3: return new Command.Cas(r.readString(), r.readLong(), r.readLong());
            case 4: {
                int n = r.readCount();
                List<MicroOp> ops = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int opTag = r.readByte();
                    String key = r.readString();
                    ops.add(opTag == 1 ? new MicroOp.Append(key, r.readLong()) : readListOp(opTag, key));
                }
                return new Command.Txn(ops);
            }
            case 5: return new Command.LogAppend(r.readString(), r.readLong(), r.readString(), r.readLong());
            case 6: return new Command.LogRead(r.readString(), r.readLong(), r.readInt());
            case 7: return new Command.Noop();
            default: throw new CorruptDataException("unknown command tag " + tag);
        }
    }

    private static MicroOp readListOp(int tag, String key) {
        if (tag != 2) {
            throw new CorruptDataException("unknown micro-op tag " + tag);
        }
        return new MicroOp.ReadList(key);
    }

    static void writeResult(Writer w, Result result) {
        if (result instanceof Result.ReadResult x) {
            w.writeByte(1);
            writeNullableLong(w, x.value());
        } else if (result instanceof Result.WriteOk) {
            w.writeByte(2);
        } else if (result instanceof Result.CasResult x) {
            w.writeByte(3);
            w.writeByte(x.succeeded() ? 1 : 0);
        } else if (result instanceof Result.TxnResult x) {
            w.writeByte(4);
            w.writeInt(x.reads().size());
            for (List<Long> read : x.reads()) {
                writeNullableLongList(w, read);
            }
        } else if (result instanceof Result.LogAppendOk x) {
            w.writeByte(5);
            w.writeLong(x.slot());
        } else if (result instanceof Result.LogReadResult x) {
            w.writeByte(6);
            w.writeLong(x.position());
            w.writeLong(x.checksum());
            w.writeInt(x.entries().size());
            for (Result.LogEntry e : x.entries()) {
                writeLogEntry(w, e);
            }
        } else {
            throw new AssertionError("unknown result " + result);
        }
    }

    static Result readResult(Reader r) {
        int tag = r.readByte();
        switch (tag) {
            case 1: return new Result.ReadResult(readNullableLong(r));
            case 2: return new Result.WriteOk();
            case 3: return new Result.CasResult(r.readByte() == 1);
            case 4: {
                int n = r.readCount();
                List<List<Long>> reads = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    reads.add(readNullableLongList(r));
                }
                return new Result.TxnResult(reads);
            }
            case 5: return new Result.LogAppendOk(r.readLong());
            case 6: {
                long position = r.readLong();
                long checksum = r.readLong();
                int n = r.readCount();
                List<Result.LogEntry> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    entries.add(readLogEntry(r));
                }
                return new Result.LogReadResult(position, checksum, entries);
            }
            default: throw new CorruptDataException("unknown result tag " + tag);
        }
    }

    static void writeLogEntry(Writer w, Result.LogEntry e) {
        w.writeString(e.stream());
        w.writeLong(e.index());
        w.writeString(e.payload());
        w.writeLong(e.checksum());
    }

    static Result.LogEntry readLogEntry(Reader r) {
        return new Result.LogEntry(r.readString(), r.readLong(), r.readString(), r.readLong());
    }

    private static void writeNullableLong(Writer w, Long value) {
        w.writeByte(value == null ? 0 : 1);
        if (value != null) {
            w.writeLong(value);
        }
    }

    private static Long readNullableLong(Reader r) {
        return r.readByte() == 0 ? null : r.readLong();
    }

    static void writeNullableLongList(Writer w, List<Long> values) {
        if (values == null) {
            w.writeInt(-1);
            return;
        }
        w.writeInt(values.size());
        for (Long v : values) {
            w.writeLong(v);
        }
    }

    static List<Long> readNullableLongList(Reader r) {
        int n = r.readInt();
        if (n < 0) {
            return null;
        }
        if (n > r.remaining() / 8) {
            throw new CorruptDataException("list length " + n + " exceeds the data");
        }
        List<Long> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(r.readLong());
        }
        return values;
    }

    /** Decoded bytes did not make sense: the data is damaged (a checksum should have caught it first). */
    static final class CorruptDataException extends RuntimeException {
        CorruptDataException(String message) {
            super(message, null, false, false);
        }
    }

    static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int initialCapacity) {
            buf = new byte[Math.max(16, initialCapacity)];
        }

        private void ensure(int extra) {
            if (pos + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
            }
        }

        void writeByte(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        void writeInt(int v) {
            ensure(4);
            for (int i = 3; i >= 0; i--) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }

        void writeLong(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }

        /** The low {@code width} bytes of {@code v}, big-endian (width 8: all of it). */
        void writeUnsigned(long v, int width) {
            ensure(width);
            for (int i = width - 1; i >= 0; i--) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }

        /** {@code count} ints, each as {@link #writeUnsigned} would write it, in one go. */
        void writeUnsignedInts(int[] values, int count, int width) {
            ensure(count * width);
            if (width == 1) {
                for (int i = 0; i < count; i++) {
                    buf[pos++] = (byte) values[i];
                }
                return;
            }
            for (int i = 0; i < count; i++) {
                writeUnsigned(values[i], width);
            }
        }

        void writeBytes(byte[] bytes) {
            writeInt(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        void writeString(String s) {
            int n = s.length();
            ensure(4 + n);
            int start = pos + 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) { // not ASCII: UTF-8 bytes differ from chars, take the general path
                    writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buf[start + i] = (byte) c;
            }
            writeInt(n); // ASCII: the UTF-8 encoding is the chars themselves, without an array per key
            pos += n;
        }

        int position() {
            return pos;
        }

        /** {@code length} bytes of {@code from} from {@code offset}, as they are. */
        void writeRaw(byte[] from, int offset, int length) {
            ensure(length);
            System.arraycopy(from, offset, buf, pos, length);
            pos += length;
        }

        /** What {@code other} wrote so far, as it wrote it. */
        void writeRaw(Writer other) {
            ensure(other.pos);
            System.arraycopy(other.buf, 0, buf, pos, other.pos);
            pos += other.pos;
        }

        /** The bytes written; the buffer itself when they fill it exactly (the writer is not used after). */
        byte[] toBytes() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }
    }

    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int remaining() {
            return buf.length - pos;
        }

        int position() {
            return pos;
        }

        /** The bytes read from (not a copy: for parsers that read in place, then {@link #skip}). */
        byte[] array() {
            return buf;
        }

        void skip(int n) {
            need(n);
            pos += n;
        }

        private void need(int n) {
            if (n < 0 || n > buf.length - pos) {
                throw new CorruptDataException("truncated data: need " + n + " bytes at " + pos + " of " + buf.length);
            }
        }

        int readByte() {
            need(1);
            return buf[pos++] & 0xff;
        }

        int readInt() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }

        long readLong() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }

        /** {@code width} big-endian bytes, zero-extended (width 8: a whole long). */
        long readUnsigned(int width) {
            need(width);
            long v = 0;
            for (int i = 0; i < width; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }

        /** A non-negative element count no larger than the bytes left could hold. */
        int readCount() {
            int n = readInt();
            if (n < 0 || n > remaining()) {
                throw new CorruptDataException("bad count " + n);
            }
            return n;
        }

        byte[] readBytes() {
            int n = readInt();
            need(n);
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        /** Decoded in place: no copy of the bytes first (a snapshot is tens of thousands of keys). */
        String readString() {
            int n = readInt();
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void expectEnd() {
            if (pos != buf.length) {
                throw new CorruptDataException((buf.length - pos) + " trailing bytes");
            }
        }
    }
}
