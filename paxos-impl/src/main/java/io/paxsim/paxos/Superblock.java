package io.paxsim.paxos;

import io.paxsim.sim.disk.NodeDisk;

/**
 * The WAL's superblock: which bytes an fsync made durable, kept outside the records (the
 * TigerBeetle way) so recovery can tell a torn unsynced tail from damage to synced records even
 * when no later record survived to vouch for them. Every mirror file begins with a region of
 * {@link #COPIES} copies, one per sector, all rewritten before each fsync whose claim is new (one
 * that would repeat a claim a completed fsync made durable writes none); records start after the
 * region. The WAL releases an effect only once a durable superblock vouches for the writes before
 * it, so a record an effect depended on lies below some durable copy's syncedThrough (unless all
 * four copies, in two files, are damaged: beyond the fault atlas).
 *
 * <pre>
 *  0 magic   4 version   8 generation (8)   16 sequence (8)
 * 24 syncedThrough (8): file bytes an earlier fsync made durable (records below it were synced)
 * 32..59 zero   60 crc32c over bytes 0..59
 * </pre>
 */
final class Superblock {
    static final int MAGIC = 0x50585342;
    static final int VERSION = 1;
    static final int BYTES = 64;
    static final int COPIES = 2;
    static final int COPY_STRIDE_BYTES = NodeDisk.SECTOR_BYTES;
    /** Where records begin in a mirror file. */
    static final int REGION_BYTES = COPIES * COPY_STRIDE_BYTES;

    private Superblock() {
    }

    /** What the valid copies found vouch for; {@link #NONE} when no copy is valid. */
    record Claims(long sequence, long syncedThrough) {
    }

    static final Claims NONE = new Claims(0, REGION_BYTES);

    static byte[] encode(long generation, long sequence, long syncedThrough) {
        assert REGION_BYTES <= syncedThrough : "superblock claims synced " + syncedThrough + " inside its own region";
        byte[] out = new byte[BYTES];
        RecordFormat.putInt(out, 0, MAGIC);
        RecordFormat.putInt(out, 4, VERSION);
        putLong(out, 8, generation);
        putLong(out, 16, sequence);
        putLong(out, 24, syncedThrough);
        RecordFormat.putInt(out, BYTES - 4, Codec.crc32c(out, 0, BYTES - 4));
        return out;
    }

    /**
     * The claims of the valid copies of {@code generation} in the mirrors: the highest sequence and
     * the highest syncedThrough any copy holds (each was true when written).
     */
    static Claims newest(byte[][] mirrors, int[] lengths, long generation) {
        long sequence = 0;
        long syncedThrough = REGION_BYTES;
        for (int i = 0; i < mirrors.length; i++) {
            for (int copy = 0; copy < COPIES; copy++) {
                Claims c = parse(mirrors[i], lengths[i], copy * COPY_STRIDE_BYTES, generation);
                if (c != null) {
                    sequence = Math.max(sequence, c.sequence());
                    syncedThrough = Math.max(syncedThrough, c.syncedThrough());
                }
            }
        }
        return new Claims(sequence, syncedThrough);
    }

    /** A copy whose magic, checksum, version and generation hold, else null. */
    static Claims parse(byte[] file, int length, int offset, long generation) {
        if (offset + BYTES > length || RecordFormat.readInt(file, offset) != MAGIC
                || Codec.crc32c(file, offset, BYTES - 4) != RecordFormat.readInt(file, offset + BYTES - 4)) {
            return null;
        }
        if (RecordFormat.readInt(file, offset + 4) != VERSION || RecordFormat.readLong(file, offset + 8) != generation) {
            return null;
        }
        long synced = RecordFormat.readLong(file, offset + 24);
        return synced < REGION_BYTES ? null : new Claims(RecordFormat.readLong(file, offset + 16), synced);
    }

    private static void putLong(byte[] b, int o, long v) {
        RecordFormat.putInt(b, o, (int) (v >>> 32));
        RecordFormat.putInt(b, o + 4, (int) v);
    }
}
