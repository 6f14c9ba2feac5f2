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
    }

    static byte[] encode(DurableRecord record, long syncedThrough) {
        int type;
        long slotOrRound = 0;
        Ballot ballot = Ballot.ZERO;
        byte[] body = new byte[0];
        if (record instanceof DurableRecord.Promised p) {
            type = TYPE_PROMISED;
            ballot = p.ballot();
        } else if (record instanceof DurableRecord.Accepted a) {
            type = TYPE_ACCEPTED;
            slotOrRound = a.slot();
            ballot = a.ballot();
            body = Codec.encodeBatch(a.value());
        } else if (record instanceof DurableRecord.HighestRound h) {
            type = TYPE_HIGHEST_ROUND;
            slotOrRound = h.round();
        } else if (record instanceof DurableRecord.SyncMark) {
            type = TYPE_SYNC_MARK;
        } else if (record instanceof DurableRecord.BaseComplete b) {
            type = TYPE_BASE_COMPLETE;
            slotOrRound = b.generation();
            Codec.Writer floor = new Codec.Writer(8);
            floor.writeLong(b.compactedThrough());
            body = floor.toBytes();
        } else if (record instanceof DurableRecord.Repaired r) {
            type = TYPE_REPAIRED;
            slotOrRound = r.slot();
            body = Codec.encodeBatch(r.value());
        } else {
            throw new AssertionError("unknown durable record " + record);
        }
        byte[] out = new byte[HEADER_BYTES + body.length];
        putInt(out, 0, MAGIC);
        putInt(out, 4, type);
        putInt(out, 8, body.length);
        putInt(out, 12, ballot.node());
        putLong(out, 16, slotOrRound);
        putLong(out, 24, ballot.round());
        putLong(out, 32, syncedThrough);
        putInt(out, 40, Codec.crc32c(body, 0, body.length));
        putInt(out, 44, Codec.crc32c(out, 0, HEADER_BYTES - 4));
        System.arraycopy(body, 0, out, HEADER_BYTES, body.length);
        return out;
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
        byte[] body = java.util.Arrays.copyOfRange(file, offset + HEADER_BYTES, offset + h.totalBytes());
        switch (h.type()) {
            case TYPE_PROMISED: return new DurableRecord.Promised(h.ballot());
            case TYPE_ACCEPTED: return new DurableRecord.Accepted(h.slotOrRound(), h.ballot(), Codec.decodeBatch(body));
            case TYPE_HIGHEST_ROUND: return new DurableRecord.HighestRound(h.slotOrRound());
            case TYPE_REPAIRED: return new DurableRecord.Repaired(h.slotOrRound(), Codec.decodeBatch(body));
            case TYPE_SYNC_MARK: return new DurableRecord.SyncMark();
            case TYPE_BASE_COMPLETE: return new DurableRecord.BaseComplete(h.slotOrRound(), new Codec.Reader(body).readLong());
            default: throw new Codec.CorruptDataException("unknown record type " + h.type());
        }
    }

    private static void putInt(byte[] b, int o, int v) {
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
