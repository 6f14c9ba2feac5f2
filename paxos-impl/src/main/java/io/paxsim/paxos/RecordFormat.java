package io.paxsim.paxos;

/**
 * The on-disk layout of one WAL record: a 48-byte header with its own CRC32C, then the body (the
 * encoded value) with another. The header names the record's slot and ballot, so a record whose
 * body is damaged still says which slot it concerned (protocol-aware recovery needs that).
 *
 * <pre>
 *  0 magic     4 type      8 bodyLength  12 ballotNode
 * 16 slotOrRound (8)       24 ballotRound (8)
 * 32 syncedThrough (8): bytes of this file known durable when the record was written
 * 40 bodyCrc   44 headerCrc (over bytes 0..43)
 * </pre>
 */
final class RecordFormat {
    static final int HEADER_BYTES = 48;
    static final int MAGIC = 0x50584C47;
    /** The magic's first byte as written (big-endian): where no copy holds it, no header starts. */
    static final byte MAGIC_FIRST_BYTE = (byte) (MAGIC >>> 24);
    static final int MAX_BODY_BYTES = 1 << 24;
    static final int TYPE_PROMISED = 1;
    static final int TYPE_ACCEPTED = 2;
    static final int TYPE_HIGHEST_ROUND = 3;
    static final int TYPE_REPAIRED = 4;
    static final int TYPE_BASE_COMPLETE = 5;
    static final int TYPE_SYNC_MARK = 6;

    private RecordFormat() {
    }

    /** A parsed, checksum-valid header. */
    record Header(int type, int bodyLength, long slotOrRound, Ballot ballot, long syncedThrough, int bodyCrc) {
        int totalBytes() {
            return HEADER_BYTES + bodyLength;
        }

        // By hand, as Ballot's: recovery compares every record's header with each mirror's.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Header h && h.type == type && h.bodyLength == bodyLength
                    && h.slotOrRound == slotOrRound && h.syncedThrough == syncedThrough && h.bodyCrc == bodyCrc
                    && h.ballot.equals(ballot);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(type, bodyLength, slotOrRound, ballot, syncedThrough, bodyCrc);
        }
    }

    static byte[] encode(DurableRecord record, long syncedThrough) {
        Body body = body(record);
        byte[] out = new byte[HEADER_BYTES + body.bytes().length];
        write(record, syncedThrough, body, out, 0);
        return out;
    }

    /** Records back to back in one array, each as {@link #encode} makes it (a compacted WAL's base). */
    static byte[] encodeAll(java.util.List<DurableRecord> records, long syncedThrough) {
        Body[] bodies = new Body[records.size()];
        int total = 0;
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = body(records.get(i));
            total += HEADER_BYTES + bodies[i].bytes().length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int i = 0; i < bodies.length; i++) {
            write(records.get(i), syncedThrough, bodies[i], out, at);
            at += HEADER_BYTES + bodies[i].bytes().length;
        }
        return out;
    }

    /** A record's encoded body and its CRC32C; {@code value} is the batch it encodes, if any. */
    private record Body(Batch value, byte[] bytes, int crc) {
        static Body of(Batch value, byte[] bytes) {
            return new Body(value, bytes, Codec.crc32c(bytes, 0, bytes.length));
        }
    }

    private static final Body EMPTY_BODY = Body.of(null, new byte[0]);

    /**
     * Encoded batch bodies by slot, direct-mapped. In a simulation every replica logs the very same
     * Batch object (messages are shared, not copied), and WAL compaction logs it again, so most
     * encodings are repeats; a hit is checked by identity, so an equal batch decoded at recovery
     * is simply encoded again. Only speed depends on it: the bytes are the same either way. Entries
     * are immutable, so runs on parallel threads (hunts) may share it, and overwrite or drop each
     * other's entries. It holds its batches (~1.3 KB each in a list-append run) until their slot
     * comes round again, so a finished run drops its entries ({@link #forgetCachedBodies}):
     * else ~40 MB of a 1M-op run's commands stay live through its check and into the next run.
     */
    private static final Body[] BODIES_BY_SLOT = new Body[1 << 15];

    /**
     * Batches recovery decoded because {@link #BODIES_BY_SLOT} held another body for their slot, by
     * slot, direct-mapped, each with the bytes it was decoded from. A replica's WAL keeps such a
     * record (a vote for a value another leader's replaced, say) through many recoveries, and each
     * decoded it again: 23,150 of the 25,408 such decodes of a 1M-op list-append run were repeats.
     * For decoding only (bytes equal to an entry's decode to an equal batch); an encoding is never
     * taken from here. Immutable entries, shared and dropped as {@link #BODIES_BY_SLOT}'s are.
     */
    private static final Body[] DECODED_BY_SLOT = new Body[1 << 15];

    /** Empties the caches of encoded and decoded bodies (see {@link #BODIES_BY_SLOT}); only speed depends on them. */
    static void forgetCachedBodies() {
        java.util.Arrays.fill(BODIES_BY_SLOT, null);
        java.util.Arrays.fill(DECODED_BY_SLOT, null);
    }

    private static Body batchBody(long slot, Batch value) {
        int index = (int) (slot & (BODIES_BY_SLOT.length - 1));
        Body cached = BODIES_BY_SLOT[index];
        if (cached != null && cached.value() == value) {
            return cached;
        }
        Body fresh = Body.of(value, Codec.encodeBatch(value));
        BODIES_BY_SLOT[index] = fresh;
        return fresh;
    }

    private static Body body(DurableRecord record) {
        if (record instanceof DurableRecord.Accepted a) {
            return batchBody(a.slot(), a.value());
        } else if (record instanceof DurableRecord.Repaired r) {
            return batchBody(r.slot(), r.value());
        } else if (record instanceof DurableRecord.BaseComplete b) {
            Codec.Writer floor = new Codec.Writer(8);
            floor.writeLong(b.compactedThrough());
            return Body.of(null, floor.toBytes());
        }
        return EMPTY_BODY;
    }

    private static void write(DurableRecord record, long syncedThrough, Body body, byte[] out, int at) {
        int type;
        long slotOrRound = 0;
        Ballot ballot = Ballot.ZERO;
        if (record instanceof DurableRecord.Promised p) {
            type = TYPE_PROMISED;
            ballot = p.ballot();
        } else if (record instanceof DurableRecord.Accepted a) {
            type = TYPE_ACCEPTED;
            slotOrRound = a.slot();
            ballot = a.ballot();
        } else if (record instanceof DurableRecord.HighestRound h) {
            type = TYPE_HIGHEST_ROUND;
            slotOrRound = h.round();
        } else if (record instanceof DurableRecord.SyncMark) {
            type = TYPE_SYNC_MARK;
        } else if (record instanceof DurableRecord.BaseComplete b) {
            type = TYPE_BASE_COMPLETE;
            slotOrRound = b.generation();
        } else if (record instanceof DurableRecord.Repaired r) {
            type = TYPE_REPAIRED;
            slotOrRound = r.slot();
        } else {
            throw new AssertionError("unknown durable record " + record);
        }
        byte[] bytes = body.bytes();
        putInt(out, at, MAGIC);
        putInt(out, at + 4, type);
        putInt(out, at + 8, bytes.length);
        putInt(out, at + 12, ballot.node());
        putLong(out, at + 16, slotOrRound);
        putLong(out, at + 24, ballot.round());
        putLong(out, at + 32, syncedThrough);
        putInt(out, at + 40, body.crc());
        putInt(out, at + 44, Codec.crc32c(out, at, HEADER_BYTES - 4));
        System.arraycopy(bytes, 0, out, at + HEADER_BYTES, bytes.length);
    }

    /** The header at {@code offset} if its magic and checksum hold, else null. */
    static Header parseHeader(byte[] file, int length, int offset) {
        if (offset < 0 || offset + HEADER_BYTES > length || readInt(file, offset) != MAGIC) {
            return null;
        }
        if (Codec.crc32c(file, offset, HEADER_BYTES - 4) != readInt(file, offset + 44)) {
            return null;
        }
        int bodyLength = readInt(file, offset + 8);
        if (bodyLength < 0 || bodyLength > MAX_BODY_BYTES) {
            return null;
        }
        Ballot ballot = new Ballot(readLong(file, offset + 24), readInt(file, offset + 12));
        return new Header(readInt(file, offset + 4), bodyLength, readLong(file, offset + 16), ballot,
                readLong(file, offset + 32), readInt(file, offset + 40));
    }

    static boolean bodyValid(byte[] file, int length, int offset, Header h) {
        int start = offset + HEADER_BYTES;
        return start + h.bodyLength() <= length && Codec.crc32c(file, start, h.bodyLength()) == h.bodyCrc();
    }

    /** Decodes a record whose header and body were validated. */
    static DurableRecord decode(Header h, byte[] file, int offset) {
        switch (h.type()) {
            case TYPE_PROMISED: return new DurableRecord.Promised(h.ballot());
            case TYPE_ACCEPTED: return new DurableRecord.Accepted(h.slotOrRound(), h.ballot(), decodeBatchBody(h, file, offset));
            case TYPE_HIGHEST_ROUND: return new DurableRecord.HighestRound(h.slotOrRound());
            case TYPE_REPAIRED: return new DurableRecord.Repaired(h.slotOrRound(), decodeBatchBody(h, file, offset));
            case TYPE_SYNC_MARK: return new DurableRecord.SyncMark();
            case TYPE_BASE_COMPLETE: return new DurableRecord.BaseComplete(h.slotOrRound(), new Codec.Reader(body(h, file, offset)).readLong());
            default: throw new Codec.CorruptDataException("unknown record type " + h.type());
        }
    }

    /**
     * The batch the record at {@code offset} holds when its body is byte for byte a body cached for
     * its slot (encoded, or decoded at an earlier recovery) whose checksum is the header's: then the
     * body's checksum holds (the cached one was computed from these very bytes) and decoding it gives
     * an equal batch (the cached one, which the bytes were encoded from or decoded to). Null
     * otherwise: the body may still be valid, or not.
     */
    static Batch cachedBatch(Header h, byte[] file, int length, int offset) {
        if ((h.type() != TYPE_ACCEPTED && h.type() != TYPE_REPAIRED) || offset + h.totalBytes() > length) {
            return null;
        }
        int index = slotIndex(h);
        Body encoded = BODIES_BY_SLOT[index]; // read once: parallel runs may replace entries
        if (holds(encoded, h, file, offset)) {
            return encoded.value();
        }
        Body decoded = DECODED_BY_SLOT[index];
        return holds(decoded, h, file, offset) ? decoded.value() : null;
    }

    private static int slotIndex(Header h) {
        return (int) (h.slotOrRound() & (BODIES_BY_SLOT.length - 1));
    }

    /** Whether {@code cached} is a batch's body whose checksum is the header's and whose bytes are the record's body. */
    private static boolean holds(Body cached, Header h, byte[] file, int offset) {
        int from = offset + HEADER_BYTES;
        return cached != null && cached.value() != null && cached.crc() == h.bodyCrc() && cached.bytes().length == h.bodyLength()
                && java.util.Arrays.equals(cached.bytes(), 0, h.bodyLength(), file, from, from + h.bodyLength());
    }

    /** The record of an accepted or repaired header whose body is {@code batch} (see {@link #cachedBatch}). */
    static DurableRecord withBatch(Header h, Batch batch) {
        switch (h.type()) {
            case TYPE_ACCEPTED: return new DurableRecord.Accepted(h.slotOrRound(), h.ballot(), batch);
            case TYPE_REPAIRED: return new DurableRecord.Repaired(h.slotOrRound(), batch);
            default: throw new IllegalArgumentException("a record of type " + h.type() + " holds no batch");
        }
    }

    private static byte[] body(Header h, byte[] file, int offset) {
        return java.util.Arrays.copyOfRange(file, offset + HEADER_BYTES, offset + h.totalBytes());
    }

    /**
     * The batch a record's body encodes. Recovery re-reads a whole WAL generation after every crash,
     * and most of its bodies are the very bytes {@link #batchBody} encoded for that slot, or that an
     * earlier recovery decoded ({@link #DECODED_BY_SLOT}): then that batch is the answer (batches are
     * immutable, and decoding the bytes gives an equal one), compared byte for byte, so a damaged or
     * different body is still decoded.
     */
    private static Batch decodeBatchBody(Header h, byte[] file, int offset) {
        Batch cached = cachedBatch(h, file, offset + h.totalBytes(), offset);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = body(h, file, offset);
        Batch decoded = Codec.decodeBatch(bytes);
        DECODED_BY_SLOT[slotIndex(h)] = Body.of(decoded, bytes);
        return decoded;
    }

    static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int o, long v) {
        putInt(b, o, (int) (v >>> 32));
        putInt(b, o + 4, (int) v);
    }

    static int readInt(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    static long readLong(byte[] b, int o) {
        return ((long) readInt(b, o) << 32) | (readInt(b, o + 4) & 0xffffffffL);
    }
}
