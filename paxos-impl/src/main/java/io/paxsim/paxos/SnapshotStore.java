package io.paxsim.paxos;

import io.paxsim.sim.disk.DiskDone;
import io.paxsim.sim.disk.DiskReadException;
import io.paxsim.sim.disk.NodeDisk;

/**
 * Checkpoints of the state machine in two files written alternately, so the newest durable
 * snapshot is never the one being overwritten. Each file: magic, slot, length, CRC32C, state.
 */
final class SnapshotStore implements io.paxsim.sim.Copyable, io.paxsim.sim.NodeStateHash {
    static final String[] FILES = {"snap.a", "snap.b"};
    private static final int MAGIC = 0x50585350;
    private static final int HEADER_BYTES = 20;
    /** Magic (4 bytes), slot (8), state length (4), then the checksum (4). */
    private static final int CHECKSUM_OFFSET = 16;

    private Snapshot latest;
    private Snapshot inProgress;
    private Snapshot queued;
    private int nextFile;
    private long requestId = -1;
    private final long[] durableSlots = new long[FILES.length];
    private int trustedBadChecksums;
    /** See {@link #takeRecoveredState}. */
    private StateMachine recoveredState;

    /**
     * The explorer's fingerprint part of this store (see {@link io.paxsim.sim.NodeStateHash}): every
     * field, the fsync request id by the name of its pending completion; snapshots through
     * {@link Hashing#value}, which tells a state array two snapshots share from an equal copy.
     */
    @Override
    public long nodeStateHash(Hashing h) {
        long x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x534E4150L, h.value(latest)), h.value(inProgress)),
                h.value(queued));
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, nextFile), h.fsync(requestId)), trustedBadChecksums);
        return NodeHashes.mix(io.paxsim.sim.NodeStateHash.longs(x, durableSlots), h.value(recoveredState));
    }

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}); snapshots (records with a byte array) go through the copier. */
    @Override
    public SnapshotStore copy(io.paxsim.sim.Copyable.Copies copies) {
        SnapshotStore s = copies.remember(this, new SnapshotStore());
        s.copyFrom(this, copies);
        return s;
    }

    /** Makes this store a copy of {@code o} (see {@link #copy}). */
    void copyFrom(SnapshotStore o, io.paxsim.sim.Copyable.Copies copies) {
        latest = copies.of(o.latest);
        inProgress = copies.of(o.inProgress);
        queued = copies.of(o.queued);
        nextFile = o.nextFile;
        requestId = o.requestId;
        System.arraycopy(o.durableSlots, 0, durableSlots, 0, durableSlots.length);
        trustedBadChecksums = o.trustedBadChecksums;
        recoveredState = copies.of(o.recoveredState);
    }

    /** The slot of the older of the two durable snapshots (0 when there are fewer than two). */
    long floorSlot() {
        return Math.min(durableSlots[0], durableSlots[1]);
    }

    /** The newest snapshot this replica holds (durable or being made durable), or null. */
    Snapshot latest() {
        return latest;
    }

    boolean writing() {
        return inProgress != null;
    }

    void write(NodeDisk disk, Snapshot s) {
        if (latest == null || s.slot() > latest.slot()) {
            latest = s;
        }
        if (inProgress != null) {
            queued = s;
            return;
        }
        String file = FILES[nextFile];
        durableSlots[nextFile] = 0;
        disk.delete(file);
        if (!writeFresh(disk, file, encode(s))) {
            disk.delete(file);
            return;
        }
        inProgress = s;
        requestId = disk.fsync(file);
    }

    /**
     * Writes a file image just encoded for this write, handed to the disk instead of copied (it is
     * never changed after; traced as {@link NodeDisk#write}); true when the write was OK.
     */
    private static boolean writeFresh(NodeDisk disk, String file, byte[] image) {
        return disk.writeEachHandedOver(new String[] {file}, new long[] {0}, image, true) < 0;
    }

    boolean owns(DiskDone done) {
        return inProgress != null && done.requestId() == requestId;
    }

    /** Returns the snapshot that just became durable, or null while an EIO is retried. */
    Snapshot onDiskDone(NodeDisk disk, DiskDone done) {
        assert owns(done) : "not our fsync: " + done;
        if (!done.ok()) {
            // After EIO the written bytes may be gone from the platter: write them again, then sync.
            disk.delete(FILES[nextFile]);
            writeFresh(disk, FILES[nextFile], encode(inProgress));
            requestId = disk.fsync(FILES[nextFile]);
            return null;
        }
        Snapshot durable = inProgress;
        inProgress = null;
        durableSlots[nextFile] = durable.slot();
        nextFile ^= 1;
        if (queued != null) {
            Snapshot next = queued;
            queued = null;
            if (next.slot() > durable.slot()) {
                write(disk, next);
            }
        }
        return durable;
    }

    /** The newest valid snapshot on disk, or null. */
    Snapshot recover(NodeDisk disk) {
        return recover(disk, false);
    }

    /** Snapshot files whose checksum failed but the snapshot-crc-unchecked mutant trusted, at the last recovery. */
    int trustedBadChecksums() {
        return trustedBadChecksums;
    }

    /**
     * {@code skipChecksum} plants snapshot-crc-unchecked: a file that decodes is trusted whatever its CRC.
     * The newest valid file is decoded once, here, and its state handed over by {@link #recoveredState}:
     * a file whose checksum holds was written whole by {@link #write}, so the other one is not decoded
     * just to be sure (three decodes of a state that grows with the run were a tenth of a 1M-op
     * list-append run). A file that still fails to decode counts as invalid, as before.
     */
    Snapshot recover(NodeDisk disk, boolean skipChecksum) {
        trustedBadChecksums = 0;
        recoveredState = null;
        Candidate[] candidates = new Candidate[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            candidates[i] = read(disk, FILES[i], skipChecksum);
            durableSlots[i] = candidates[i] == null ? 0 : candidates[i].slot();
        }
        int bestFile = -1;
        while (bestFile < 0) {
            int newest = newest(candidates);
            if (newest < 0) {
                break;
            }
            Candidate c = candidates[newest];
            StateMachine state = c.state() != null ? c.state() : decodeOrNull(c.stateBytes());
            if (state == null) {
                candidates[newest] = null;
                durableSlots[newest] = 0;
                continue;
            }
            bestFile = newest;
            recoveredState = state;
        }
        for (Candidate c : candidates) {
            if (c != null && c.crcFailed()) {
                trustedBadChecksums++;
            }
        }
        latest = bestFile < 0 ? null : new Snapshot(candidates[bestFile].slot(), candidates[bestFile].stateBytes());
        nextFile = bestFile < 0 ? 0 : bestFile ^ 1;
        return latest;
    }

    /**
     * The state of the snapshot the last {@link #recover} returned, decoded, or null when it
     * returned none. Handed over once (the replica then owns and changes it).
     */
    StateMachine takeRecoveredState() {
        StateMachine state = recoveredState;
        recoveredState = null;
        return state;
    }

    /** The index of the candidate with the highest slot (the first of equals), or -1. */
    private static int newest(Candidate[] candidates) {
        int best = -1;
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i] != null && (best < 0 || candidates[i].slot() > candidates[best].slot())) {
                best = i;
            }
        }
        return best;
    }

    private static StateMachine decodeOrNull(byte[] state) {
        try {
            return StateMachine.decode(state);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] encode(Snapshot s) {
        byte[] state = s.stateUnchanged();
        Codec.Writer w = new Codec.Writer(HEADER_BYTES);
        w.writeInt(MAGIC);
        w.writeLong(s.slot());
        w.writeInt(state.length);
        w.writeInt(0); // the checksum, set below once the bytes it covers are in place
        byte[] out = java.util.Arrays.copyOf(w.toBytes(), HEADER_BYTES + state.length);
        System.arraycopy(state, 0, out, HEADER_BYTES, state.length);
        RecordFormat.putInt(out, CHECKSUM_OFFSET, checksum(out));
        return out;
    }

    /**
     * CRC32C over the header's slot and length fields (bytes 4-15) and then the state. Folding the
     * slot into the CRC by a 32-bit multiply (as before) left its upper 32 bits unprotected: rot
     * there went unseen and a replica recovered a snapshot of slot 2^36 + n.
     */
    private static int checksum(byte[] file) {
        return checksum(file, file, HEADER_BYTES);
    }

    /** {@link #checksum(byte[])} of a file whose header is {@code header} and whose state lies in {@code state} from {@code stateFrom}. */
    private static int checksum(byte[] header, byte[] state, int stateFrom) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(header, 4, CHECKSUM_OFFSET - 4);
        crc.update(state, stateFrom, state.length - stateFrom);
        return (int) crc.getValue();
    }

    /**
     * A snapshot file whose header and checksum hold: its slot and its state as read
     * ({@code stateBytes}); {@code state} its decoded state when reading it had to decode it (a bad
     * checksum the mutant trusts only if the state decodes), else null. The {@link Snapshot} (which
     * copies the state) is made only of the file recovery keeps.
     */
    private record Candidate(long slot, byte[] stateBytes, StateMachine state, boolean crcFailed) {
    }

    private static Candidate read(NodeDisk disk, String file, boolean skipChecksum) {
        if (!disk.exists(file)) {
            return null;
        }
        long size = disk.size(file);
        if (size < HEADER_BYTES) {
            return null;
        }
        // Header and state read apart (the state straight into an array of its own, not copied out
        // of the whole file's): together they are the whole file, so an unreadable sector anywhere
        // fails one of the two reads, as it failed the whole file's.
        byte[] header;
        byte[] state;
        try {
            header = disk.read(file, 0, HEADER_BYTES);
            state = disk.read(file, HEADER_BYTES, (int) size - HEADER_BYTES);
        } catch (DiskReadException e) {
            return null;
        }
        if (RecordFormat.readInt(header, 0) != MAGIC) {
            return null;
        }
        long slot = RecordFormat.readLong(header, 4);
        int length = RecordFormat.readInt(header, 12);
        if (length < 0 || HEADER_BYTES + length != size) {
            return null;
        }
        boolean crcFailed = checksum(header, state, 0) != RecordFormat.readInt(header, CHECKSUM_OFFSET);
        if (crcFailed && !skipChecksum) {
            return null;
        }
        StateMachine decoded = null;
        if (crcFailed) {
            decoded = decodeOrNull(state);
            if (decoded == null) {
                return null;
            }
        }
        return new Candidate(slot, state, decoded, crcFailed);
    }
}
