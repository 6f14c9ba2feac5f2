package io.paxsim.paxos;

import io.paxsim.sim.disk.DiskDone;
import io.paxsim.sim.disk.DiskReadException;
import io.paxsim.sim.disk.NodeDisk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The write-ahead log: every record is written to two mirror files at the same offset, and a
 * group-commit sync engine holds back {@link Effect}s until the writes before them are durable
 * and a durable {@link Superblock} says so. A bit flip or latent sector error in one copy is
 * repaired from the other at recovery; a record bad in both copies is told apart as crash damage
 * (never synced: truncated) or corruption of synced data (below what a superblock or a later
 * record's syncedThrough vouches for: kept as a damaged slot for protocol-aware repair, or the
 * replica stops voting when the header is gone too).
 */
final class Wal implements io.paxsim.sim.Copyable, io.paxsim.sim.NodeStateHash {
    static final String[] MIRROR_SUFFIXES = {".a", ".b"};
    private static final String PREFIX = "wal.";

    /**
     * What recovery found on disk. {@code truncatedAtCorruption}: the truncate-on-corruption mutant
     * cut the log at a repairable record. {@code trustedBadBodies}: records whose body checksum
     * failed but the wal-body-unchecked mutant kept. {@code damagedPromise} and
     * {@code damagedRound}: the highest ballot and round named by promise and round records whose
     * body was lost (their header, checksummed on its own, still says what they promised).
     */
    record Recovered(List<DurableRecord> records, TreeMap<Long, Ballot> damagedSlots, boolean amnesiac,
                     long truncatedBytes, int repairedCopies, boolean truncatedAtCorruption, int trustedBadBodies,
                     Ballot damagedPromise, long damagedRound) {
        Recovered(List<DurableRecord> records, TreeMap<Long, Ballot> damagedSlots, boolean amnesiac,
                  long truncatedBytes, int repairedCopies, boolean truncatedAtCorruption, int trustedBadBodies) {
            this(records, damagedSlots, amnesiac, truncatedBytes, repairedCopies, truncatedAtCorruption, trustedBadBodies,
                    Ballot.ZERO, 0);
        }

        Recovered asAmnesiac() {
            return new Recovered(records, damagedSlots, true, truncatedBytes, repairedCopies, truncatedAtCorruption,
                    trustedBadBodies, damagedPromise, damagedRound);
        }
    }

    /** True while some appended bytes are not yet covered by a completed fsync. */
    boolean hasUnsynced() {
        return endOffset > durableOffset;
    }

    private final NodeDisk disk;
    /** Sequence number of the last superblock written (recovery resumes from the highest found). */
    private long superblockSequence;
    /** The superblock the fsync in flight covers, rewritten with the records after an EIO; null when it wrote none. */
    private byte[] inFlightSuperblock;
    /**
     * The syncedThrough of the newest superblock of this generation that a completed fsync made
     * durable, or -1: an fsync whose claim would be the same (nothing became durable since) writes
     * no superblock, since the platter already says it. Half of all superblock writes: the fsync
     * that makes a record durable would otherwise repeat the claim of the one that vouched for the
     * record before it.
     */
    private long durableClaim = -1;
    private long generation;
    private String[] files;
    /** {@link #files} as a list, for fsync requests over every mirror. */
    private List<String> fileList;
    private long obsoleteGeneration = -1;
    private long endOffset;
    private long recordsSinceCompaction;
    /** Bytes of records appended by this incarnation (compaction bases not counted): the snapshot rule's clock. */
    private long bytesAppended;
    private long durableOffset;
    /** Bytes from durableOffset to endOffset, kept to rewrite them after an fsync fails. */
    private byte[] unsynced; // made in the constructors: a copy's would be thrown away at once
    private boolean dirty;
    private final List<Effect> waiting = new ArrayList<>();
    /**
     * Effects whose writes are durable but not yet vouched for by a durable superblock. Released
     * only then: were the records damaged in both mirrors and every later write lost in a crash,
     * recovery could not otherwise tell them from a torn tail, and would forget what they promised.
     */
    private List<Effect> unvouched = new ArrayList<>();
    private InFlightSync inFlight;

    /**
     * A group commit in flight: one fsync request over the mirrors (one completion event), then,
     * after EIO on some of them, a request over those alone. Its effects wait for every mirror.
     */
    private static final class InFlightSync {
        long requestId;
        final boolean[] done = new boolean[MIRROR_SUFFIXES.length];
        final String[] files;
        final long generation;
        final long coversOffset;
        /** What this fsync's superblock claims synced, or -1 when it wrote none (the claim was durable already). */
        long superblockClaim = -1;
        final List<Effect> effects;
        /** Effects whose writes an earlier fsync made durable: this fsync's superblock vouches for them. */
        final List<Effect> vouched;

        InFlightSync(String[] files, long generation, long coversOffset, List<Effect> effects, List<Effect> vouched) {
            this.files = files;
            this.generation = generation;
            this.coversOffset = coversOffset;
            this.effects = effects;
            this.vouched = vouched;
        }

        /** A copy for {@code copy}, the copy of WAL {@code wal}: where this sync holds the WAL's own array or list, so does the copy. */
        InFlightSync copy(Wal wal, Wal copy) {
            InFlightSync s = new InFlightSync(files == wal.files ? copy.files : files.clone(), generation, coversOffset,
                    effects == wal.unvouched ? copy.unvouched : new ArrayList<>(effects),
                    vouched == wal.unvouched ? copy.unvouched : new ArrayList<>(vouched));
            s.requestId = requestId;
            System.arraycopy(done, 0, s.done, 0, done.length);
            s.superblockClaim = superblockClaim;
            return s;
        }
    }

    /**
     * The explorer's fingerprint part of this WAL (see {@link io.paxsim.sim.NodeStateHash}): every
     * field in declaration order, the unsynced buffer up to its used length (the rest is stale
     * bytes), the in-flight sync's request id by the name of its pending completion. Arrays and
     * effect lists go through {@link Hashing#value}, which tells a list the sync shares with the
     * WAL from an equal copy, as the reflective walk does.
     */
    @Override
    public long nodeStateHash(Hashing h) {
        long x = NodeHashes.mix(NodeHashes.mix(0x57414CL, h.value(disk)), superblockSequence);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, h.value(inFlightSuperblock)), durableClaim), generation);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, h.value(files)), h.value(fileList)), obsoleteGeneration);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, endOffset), recordsSinceCompaction), bytesAppended);
        x = NodeHashes.mix(x, durableOffset);
        x = io.paxsim.sim.NodeStateHash.bytes(x, unsynced, (int) (endOffset - durableOffset));
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, dirty), h.value(waiting)), h.value(unvouched));
        InFlightSync s = inFlight;
        if (s == null) {
            return NodeHashes.mix(x, io.paxsim.sim.ExplicitStateHash.NULL);
        }
        x = NodeHashes.mix(NodeHashes.mix(x, h.fsync(s.requestId)), h.value(s.done));
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, h.value(s.files)), s.generation), s.coversOffset);
        return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, s.superblockClaim), h.value(s.effects)), h.value(s.vouched));
    }

    /**
     * Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): the disk (the node's
     * context) goes through the copier; arrays and effect lists are copied here, each once (an
     * in-flight sync may hold the WAL's file names or its earlier unvouched list); effects are
     * immutable records and the file-name list an immutable list, shared.
     */
    @Override
    public Wal copy(io.paxsim.sim.Copyable.Copies copies) {
        return new Wal(this, copies);
    }

    private Wal(Wal o, io.paxsim.sim.Copyable.Copies copies) {
        copies.remember(o, this);
        this.disk = copies.of(o.disk);
        this.superblockSequence = o.superblockSequence;
        this.inFlightSuperblock = o.inFlightSuperblock == null ? null : o.inFlightSuperblock.clone();
        this.durableClaim = o.durableClaim;
        this.generation = o.generation;
        this.files = o.files.clone();
        this.fileList = o.fileList;
        this.obsoleteGeneration = o.obsoleteGeneration;
        this.endOffset = o.endOffset;
        this.recordsSinceCompaction = o.recordsSinceCompaction;
        this.bytesAppended = o.bytesAppended;
        this.durableOffset = o.durableOffset;
        this.unsynced = o.unsynced.clone();
        this.dirty = o.dirty;
        waiting.addAll(o.waiting);
        this.unvouched = new ArrayList<>(o.unvouched);
        this.inFlight = o.inFlight == null ? null : o.inFlight.copy(o, this);
    }

    Wal(NodeDisk disk, long generation, long endOffset) {
        this.disk = disk;
        this.generation = generation;
        this.files = fileNames(generation);
        this.fileList = List.of(files);
        this.endOffset = Math.max(endOffset, Superblock.REGION_BYTES);
        this.durableOffset = this.endOffset;
        this.unsynced = new byte[256];
    }

    /** Names of the first generations, made once: every recovery and every WAL asks for them (string concatenation showed in profiles). */
    private static final String[][] FIRST_FILE_NAMES = new String[16][];

    static {
        for (int g = 0; g < FIRST_FILE_NAMES.length; g++) {
            FIRST_FILE_NAMES[g] = makeFileNames(g);
        }
    }

    /** The mirror files of {@code generation}: a fresh array the caller may keep. */
    static String[] fileNames(long generation) {
        return generation >= 0 && generation < FIRST_FILE_NAMES.length ? FIRST_FILE_NAMES[(int) generation].clone()
                : makeFileNames(generation);
    }

    private static String[] makeFileNames(long generation) {
        String[] names = new String[MIRROR_SUFFIXES.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = PREFIX + generation + MIRROR_SUFFIXES[i];
        }
        return names;
    }

    /** Whether {@code file} is a WAL mirror ({@code wal.<generation>.a|b}); for fault injectors. */
    static boolean isWalFile(String file) {
        return file.startsWith(PREFIX);
    }

    long generation() {
        return generation;
    }

    /**
     * Log compaction: starts generation g+1 holding {@code base} (the live state, as records) and a
     * {@link DurableRecord.BaseComplete} marker; later appends go there. Generation g is deleted
     * once g+1 is durable; until then recovery falls back to it if the marker did not make it.
     */
    boolean compact(List<DurableRecord> base, long compactedThrough) {
        long next = generation + 1;
        String[] nextFiles = fileNames(next);
        List<DurableRecord> all = new ArrayList<>(base);
        all.add(new DurableRecord.BaseComplete(next, compactedThrough));
        byte[] image = RecordFormat.encodeAll(all, Superblock.REGION_BYTES);
        long[] at = {Superblock.REGION_BYTES};
        for (int i = 0; i < nextFiles.length; i++) {
            // A deletion lost in an earlier crash can leave an old file of this name: start empty.
            disk.delete(nextFiles[i]);
            // The image is handed to the disk, not copied for each mirror (nothing changes it after:
            // the unsynced buffer below is a copy); traced as a write, as before.
            if (disk.writeEachHandedOver(new String[] {nextFiles[i]}, at, image, true) >= 0) {
                for (String f : nextFiles) {
                    disk.delete(f);
                }
                return false;
            }
        }
        obsoleteGeneration = generation;
        generation = next;
        files = nextFiles;
        fileList = List.of(nextFiles);
        endOffset = Superblock.REGION_BYTES + image.length;
        recordsSinceCompaction = 0;
        durableOffset = Superblock.REGION_BYTES;
        superblockSequence = 0;
        durableClaim = -1;
        // The whole image is unsynced; room for the records appended before its fsync completes, so the
        // first append does not copy the image again into a buffer twice its size.
        unsynced = Arrays.copyOf(image, image.length + Math.max(4096, image.length / 4));
        dirty = true;
        return true;
    }

    /** Writes a record to both mirrors (not yet durable); false when the disk is full (nothing written). */
    boolean append(DurableRecord record) {
        byte[] bytes = RecordFormat.encode(record, durableOffset);
        long[] offsets = new long[files.length];
        java.util.Arrays.fill(offsets, endOffset);
        // Mirror by mirror, none after a failed one; the disk keeps these bytes (this method never
        // changes them after: keepUnsynced copies them), so they are not copied again for it.
        int failed = disk.writeEachHandedOver(files, offsets, bytes, true);
        if (failed >= 0) {
            for (int j = 0; j <= failed; j++) {
                disk.truncate(files[j], endOffset);
            }
            return false;
        }
        keepUnsynced(bytes);
        endOffset += bytes.length;
        bytesAppended += bytes.length;
        recordsSinceCompaction++;
        dirty = true;
        return true;
    }

    /** Runs {@code effect} once every write issued so far is durable. */
    void afterDurable(Effect effect) {
        waiting.add(effect);
    }

    /** Marks the log as needing an fsync (recovery truncated or repaired it). */
    void markDirty() {
        dirty = true;
    }

    /**
     * Issues an fsync if one is needed and none is in flight; returns effects that need no wait
     * (nothing unsynced lies before them).
     */
    List<Effect> flush() {
        if (waiting.isEmpty() && !dirty) {
            return List.of();
        }
        if (inFlight != null) {
            if (!dirty) {
                inFlight.effects.addAll(waiting);
                waiting.clear();
            }
            return List.of();
        }
        if (!dirty) {
            List<Effect> ready = new ArrayList<>(waiting);
            waiting.clear();
            return ready;
        }
        inFlight = new InFlightSync(files, generation, endOffset, new ArrayList<>(waiting), unvouched);
        unvouched = new ArrayList<>();
        waiting.clear();
        dirty = false;
        writeSuperblocksIfNewClaim();
        inFlight.requestId = disk.fsync(fileList);
        return List.of();
    }

    /** Whether {@code done} answers this log's fsync in flight. */
    boolean owns(DiskDone done) {
        return inFlight != null && inFlight.requestId == done.requestId();
    }

    /**
     * An fsync completed; returns the effects it released (empty until both mirrors are synced).
     * A mirror whose fsync failed (EIO) is written again and synced again: nothing that depends on
     * the writes is released until every mirror's sync succeeded.
     */
    List<Effect> onDiskDone(DiskDone done) {
        assert owns(done) : "fsync completion " + done + " is not ours";
        if (!done.ok() && inFlight.generation != generation) {
            return abandonSupersededSync();
        }
        List<String> retry = done.ok() ? List.of() : new ArrayList<>(done.failedFiles().size());
        for (int i = 0; i < inFlight.files.length; i++) {
            if (!done.ok() && done.failed(inFlight.files[i])) {
                rewriteUnsynced(i);
                retry.add(inFlight.files[i]);
            } else if (done.files().contains(inFlight.files[i])) {
                inFlight.done[i] = true;
            }
        }
        if (!retry.isEmpty()) {
            inFlight.requestId = disk.fsync(retry);
            return List.of();
        }
        for (boolean d : inFlight.done) {
            if (!d) {
                return List.of();
            }
        }
        List<Effect> out = new ArrayList<>(inFlight.vouched);
        if (inFlight.generation == generation) {
            advanceDurableOffset(inFlight.coversOffset);
            deleteObsoleteGeneration();
            durableClaim = Math.max(durableClaim, inFlight.superblockClaim);
        }
        if (inFlight.generation == generation && inFlight.coversOffset <= durableClaim) {
            out.addAll(inFlight.effects); // what they wait for is synced, and a durable superblock says so already
        } else {
            unvouched.addAll(inFlight.effects);
        }
        dirty |= !unvouched.isEmpty();
        inFlight = null;
        out.addAll(flush());
        return out;
    }

    long endOffset() {
        return endOffset;
    }

    long bytesAppended() {
        return bytesAppended;
    }

    /** Records appended since this generation began (recovery counts as a beginning). */
    long recordsSinceCompaction() {
        return recordsSinceCompaction;
    }

    /**
     * EIO on a generation compaction already replaced: its writes may be lost, but the state they
     * held is in the new generation's base, so its effects wait for the new generation's sync.
     */
    private List<Effect> abandonSupersededSync() {
        unvouched.addAll(0, inFlight.vouched);
        List<Effect> effects = new ArrayList<>(inFlight.effects);
        effects.addAll(waiting);
        waiting.clear();
        waiting.addAll(effects);
        inFlight = null;
        dirty = true;
        return flush();
    }

    /**
     * Each fsync also syncs a superblock in both mirrors (two copies in each, in their own
     * sectors) saying which bytes an earlier fsync made durable: a record below that, damaged in
     * both mirrors, is damage to synced data, never a torn tail. Written in place, in the same files
     * as the records, so it costs no fsync of its own; skipped when a completed fsync already made
     * a superblock with the same claim durable (then every copy on the platter says it, and a
     * rewrite would only add writes a crash may tear).
     */
    private void writeSuperblocksIfNewClaim() {
        if (durableOffset == durableClaim) {
            inFlightSuperblock = null; // the platter says this already: a rewrite would vouch for nothing new
            return;
        }
        inFlightSuperblock = Superblock.encode(generation, ++superblockSequence, durableOffset);
        inFlight.superblockClaim = durableOffset;
        writeSuperblocks(files);
    }

    /** Every copy of the in-flight superblock in each of {@code into}, file by file, in one request to the disk. */
    private void writeSuperblocks(String[] into) {
        String[] places = new String[into.length * Superblock.COPIES];
        long[] offsets = new long[places.length];
        for (int i = 0; i < into.length; i++) {
            for (int copy = 0; copy < Superblock.COPIES; copy++) {
                places[i * Superblock.COPIES + copy] = into[i];
                offsets[i * Superblock.COPIES + copy] = (long) copy * Superblock.COPY_STRIDE_BYTES;
            }
        }
        // DISK_FULL can only strike a file shorter than its region: one with no record to vouch for.
        disk.writeEach(places, offsets, inFlightSuperblock, false);
    }

    private void keepUnsynced(byte[] bytes) {
        int used = (int) (endOffset - durableOffset);
        if (used + bytes.length > unsynced.length) {
            unsynced = Arrays.copyOf(unsynced, Math.max(unsynced.length * 2, used + bytes.length));
        }
        System.arraycopy(bytes, 0, unsynced, used, bytes.length);
    }

    private void advanceDurableOffset(long covered) {
        if (covered <= durableOffset) {
            return;
        }
        int dropped = (int) (covered - durableOffset);
        int used = (int) (endOffset - durableOffset);
        System.arraycopy(unsynced, dropped, unsynced, 0, used - dropped);
        durableOffset = covered;
    }

    /**
     * After EIO the writes an fsync covered may be gone from the platter although the page cache
     * still shows them (Linux writeback-error semantics), so retrying the fsync alone proves
     * nothing: write the bytes again, then sync again.
     */
    private void rewriteUnsynced(int mirror) {
        if (!inFlight.files[mirror].equals(files[mirror])) {
            return;
        }
        byte[] again = Arrays.copyOf(unsynced, (int) (endOffset - durableOffset));
        disk.write(files[mirror], durableOffset, again);
        if (inFlightSuperblock != null) {
            writeSuperblocks(new String[] {files[mirror]});
        }
    }

    private void deleteObsoleteGeneration() {
        if (obsoleteGeneration >= 0) {
            for (String f : fileNames(obsoleteGeneration)) {
                disk.delete(f);
            }
            obsoleteGeneration = -1;
        }
    }

    // ---- recovery --------------------------------------------------------------------------

    /**
     * A span of the file that is a valid record, or damaged (header null when even that was unreadable).
     * A valid record's bytes as recovery takes them lie in {@code image} from {@code imageOffset}: the
     * copy it read them from, when header and body came from one copy (nothing writes a copy's bytes
     * once the scan has passed them), else a new array of the record alone. {@code knownHeld}: a bit
     * per mirror that the scan saw hold these bytes as read from disk (so the repair need not compare
     * it again); a mirror without its bit may hold them or not.
     */
    private record Item(int offset, int end, RecordFormat.Header header, DurableRecord record, byte[] image,
                        int imageOffset, boolean copyDamaged, int knownHeld) {
        /** A span recovery could not read as a record. */
        static Item damaged(int offset, int end, RecordFormat.Header header) {
            return new Item(offset, end, header, null, null, 0, true, 0);
        }

        boolean knownHeldBy(int mirror) {
            return (knownHeld >>> mirror & 1) != 0;
        }

        boolean damaged() {
            return record == null;
        }

        /** Whether {@code copy} holds this record's bytes, as recovery took them, at its offset. */
        boolean heldBy(byte[] copy, int copyLength) {
            return end <= copyLength && Arrays.equals(copy, offset, end, image, imageOffset, imageOffset + end - offset);
        }

        /** The record's bytes, as recovery took them, in an array of their own. */
        byte[] canonical() {
            return Arrays.copyOfRange(image, imageOffset, imageOffset + end - offset);
        }
    }

    /**
     * Rebuilds the log: the newest generation whose base is complete (generation 0 has an empty
     * base), from both of its mirrors. Other generations are deleted. {@code truncateOnCorruption}
     * plants the bug of truncating at the first damaged copy whatever its cause.
     */
    static Recovered recover(NodeDisk disk, Wal[] out, boolean truncateOnCorruption) {
        return recover(disk, out, truncateOnCorruption, false);
    }

    /** {@code trustBodies} plants the wal-body-unchecked bug: a body is taken from the header's copy unchecked. */
    static Recovered recover(NodeDisk disk, Wal[] out, boolean truncateOnCorruption, boolean trustBodies) {
        java.util.TreeSet<Long> generations = new java.util.TreeSet<>();
        for (String f : disk.files()) {
            Long g = generationOf(f);
            if (g != null) {
                generations.add(g);
            }
        }
        if (generations.isEmpty()) {
            return recoverGeneration(disk, 0, out, truncateOnCorruption, trustBodies);
        }
        Recovered chosen = null;
        long chosenGeneration = -1;
        for (Long g : generations.descendingSet()) {
            Recovered r = recoverGeneration(disk, g, out, truncateOnCorruption, trustBodies);
            if (g == 0 || baseComplete(r, g)) {
                chosen = r;
                chosenGeneration = g;
                break;
            }
            if (g.equals(generations.first())) {
                // The older generation is deleted only once this one was durable, marker included,
                // so a missing marker here is damage to synced data: keep what is left, vote no more.
                chosen = r.asAmnesiac();
                chosenGeneration = g;
            }
        }
        for (Long g : generations) {
            if (g != chosenGeneration) {
                for (String f : fileNames(g)) {
                    disk.delete(f);
                }
            }
        }
        return chosen;
    }

    private static boolean baseComplete(Recovered r, long generation) {
        for (DurableRecord rec : r.records()) {
            if (rec instanceof DurableRecord.BaseComplete b && b.generation() == generation) {
                return true;
            }
        }
        return false;
    }

    private static Long generationOf(String file) {
        for (String suffix : MIRROR_SUFFIXES) {
            if (file.startsWith(PREFIX) && file.endsWith(suffix)) {
                try {
                    return Long.parseLong(file.substring(PREFIX.length(), file.length() - suffix.length()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Recovered recoverGeneration(NodeDisk disk, long generation, Wal[] out, boolean truncateOnCorruption,
                                               boolean trustBodies) {
        String[] names = fileNames(generation);
        byte[][] copies = new byte[names.length][];
        int[] lengths = new int[names.length];
        int max = 0;
        List<java.util.TreeSet<Long>> unreadable = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            unreadable.add(new java.util.TreeSet<>());
            copies[i] = readTolerant(disk, names[i], unreadable.get(i));
            lengths[i] = copies[i].length;
            max = Math.max(max, lengths[i]);
        }
        // scan corrects flipped bits in copies in place; asRead keeps what the disk holds. The two
        // share their arrays until scan first tries a correction (privatize): most recoveries find
        // nothing to correct, and a clone of both mirrors was a sixth of what a recovery allocated.
        byte[][] asRead = copies.clone();
        Superblock.Claims superblock = Superblock.newest(asRead, lengths, generation);
        int[] trusted = new int[1];
        List<Item> items = scan(copies, asRead, lengths, max, trustBodies ? trusted : null);
        int keep = items.size();
        TreeMap<Long, Ballot> damagedSlots = new TreeMap<>();
        Ballot damagedPromise = Ballot.ZERO;
        long damagedRound = 0;
        boolean amnesiac = false;
        boolean cutAtCorruption = false;
        for (int k = 0; k < items.size(); k++) {
            Item it = items.get(k);
            if (truncateOnCorruption && it.copyDamaged()) {
                keep = k;
                cutAtCorruption = true;
                break;
            }
            if (!it.damaged()) {
                continue;
            }
            if (!provablySynced(items, k) && it.end() > superblock.syncedThrough() && !unreadableInSomeCopy(it, unreadable)) {
                keep = k;
                break;
            }
            int type = it.header() == null ? -1 : it.header().type();
            if (type == RecordFormat.TYPE_ACCEPTED || type == RecordFormat.TYPE_REPAIRED) {
                damagedSlots.merge(it.header().slotOrRound(), it.header().ballot(), Ballot::max);
            } else if (type == RecordFormat.TYPE_PROMISED) {
                damagedPromise = Ballot.max(damagedPromise, it.header().ballot());
            } else if (type == RecordFormat.TYPE_HIGHEST_ROUND) {
                damagedRound = Math.max(damagedRound, it.header().slotOrRound());
            } else if (type != RecordFormat.TYPE_SYNC_MARK) {
                amnesiac = true;
            }
        }
        int validEnd = keep == 0 ? Superblock.REGION_BYTES : items.get(keep - 1).end();
        List<DurableRecord> records = new ArrayList<>();
        int repaired = 0;
        for (int k = 0; k < keep; k++) {
            Item it = items.get(k);
            if (!it.damaged()) {
                records.add(it.record());
                repaired += rewriteBadCopies(disk, names, asRead, lengths, it);
            }
        }
        for (String name : names) {
            disk.truncate(name, validEnd);
        }
        Wal wal = new Wal(disk, generation, validEnd);
        wal.superblockSequence = superblock.sequence();
        wal.markDirty();
        out[0] = wal;
        return new Recovered(records, damagedSlots, amnesiac, Math.max(0L, (long) max - validEnd), repaired,
                cutAtCorruption, trusted[0], damagedPromise, damagedRound);
    }

    /**
     * A read error (latent sector error) is damage to data that reached the platter, never the
     * trace of a crash, so a record lost in both copies with a read error in one is not truncated
     * as crash debris: it is treated as damaged synced data (the safe side).
     */
    private static boolean unreadableInSomeCopy(Item it, List<java.util.TreeSet<Long>> unreadable) {
        long first = it.offset() / NodeDisk.SECTOR_BYTES;
        long last = Math.max(it.offset(), it.end() - 1) / NodeDisk.SECTOR_BYTES;
        for (java.util.TreeSet<Long> sectors : unreadable) {
            Long hit = sectors.ceiling(first);
            if (hit != null && hit <= last) {
                return true;
            }
        }
        return false;
    }

    /** A damaged item was synced if a later valid record was written when bytes past it were already durable. */
    private static boolean provablySynced(List<Item> items, int k) {
        int end = items.get(k).end();
        for (int j = k + 1; j < items.size(); j++) {
            Item later = items.get(j);
            if (!later.damaged() && later.header().syncedThrough() >= end) {
                return true;
            }
        }
        return false;
    }

    /** {@code trustedBodies} non-null plants wal-body-unchecked and counts the bad bodies it trusted. */
    private static List<Item> scan(byte[][] copies, byte[][] asRead, int[] lengths, int max, int[] trustedBodies) {
        List<Item> items = new ArrayList<>();
        int offset = Superblock.REGION_BYTES;
        while (offset < max) {
            // The header is parsed once, from the first copy where it is valid (headerCopy): a copy
            // holds an equal valid header only if it holds the same 48 bytes (every byte is a field,
            // the magic or the checksum of the others), which readBody's record compare sees.
            RecordFormat.Header h = null;
            int headerCopy = -1;
            for (int i = 0; i < copies.length && h == null; i++) {
                h = RecordFormat.parseHeader(copies[i], lengths[i], offset);
                headerCopy = h == null ? -1 : i;
            }
            int at = offset;
            if (h == null && mergeMirrors(copies, asRead, lengths, at, RecordFormat.HEADER_BYTES,
                    c -> RecordFormat.parseHeader(c, lengths[0], at) != null)) {
                h = RecordFormat.parseHeader(copies[0], lengths[0], at);
                headerCopy = 0;
            }
            for (int i = 0; i < copies.length && h == null; i++) {
                h = correctHeaderBit(copies, asRead, i, lengths[i], offset);
                headerCopy = h == null ? -1 : i;
            }
            if (h == null) {
                int next = nextHeader(copies, lengths, offset + 1, max);
                items.add(Item.damaged(offset, next, null));
                offset = next;
                continue;
            }
            items.add(trustedBodies != null ? readBodyUnchecked(copies, asRead, lengths, offset, h, headerCopy, trustedBodies)
                    : readBody(copies, asRead, lengths, offset, h, headerCopy));
            offset += h.totalBytes();
        }
        return items;
    }

    /**
     * Takes the header from {@code headerCopy} (the first copy whose header is {@code h}) and the body
     * from the first copy whose body matches it. A body that is byte for byte the encoding cached for
     * its slot matches without a checksum (the cached checksum, the header's, was computed from those
     * very bytes) and is not decoded either.
     */
    private static Item readBody(byte[][] copies, byte[][] asRead, int[] lengths, int offset, RecordFormat.Header h,
                                 int headerCopy) {
        assert h.equals(RecordFormat.parseHeader(copies[headerCopy], lengths[headerCopy], offset)) : "scan's header is not its copy's";
        int bodyCopy = -1;
        Batch cached = null;
        for (int i = 0; i < copies.length && bodyCopy < 0; i++) {
            cached = RecordFormat.cachedBatch(h, copies[i], lengths[i], offset);
            if (cached != null || RecordFormat.bodyValid(copies[i], lengths[i], offset, h)) {
                bodyCopy = i;
            }
        }
        if (bodyCopy < 0 && mergeMirrors(copies, asRead, lengths, offset + RecordFormat.HEADER_BYTES, h.bodyLength(),
                c -> RecordFormat.bodyValid(c, lengths[0], offset, h))) {
            bodyCopy = 0;
        }
        for (int i = 0; i < copies.length && bodyCopy < 0; i++) {
            if (correctBodyBit(copies, asRead, i, lengths[i], offset, h)) {
                bodyCopy = i;
            }
        }
        int end = offset + h.totalBytes();
        if (bodyCopy < 0) {
            return Item.damaged(offset, end, h);
        }
        // Header and body from one copy (the rule): the record is read where it lies, not copied out
        // (a recovery reads the whole WAL, and a copy of every record was a third of its reading).
        boolean oneCopy = headerCopy == bodyCopy;
        byte[] image = oneCopy ? copies[bodyCopy] : canonical(copies, offset, h, headerCopy, bodyCopy);
        int imageOffset = oneCopy ? offset : 0;
        try {
            boolean copyDamaged = false;
            int knownHeld = 0;
            for (int i = 0; i < copies.length; i++) {
                // The copy the record was read from holds it by construction: only the others are compared.
                boolean source = oneCopy && i == bodyCopy;
                boolean holds = end <= lengths[i]
                        && (source || Arrays.equals(copies[i], offset, end, image, imageOffset, imageOffset + h.totalBytes()));
                copyDamaged |= !holds;
                // Still the array read from disk (no correction made it private): the repair's compare would see the same.
                if (holds && copies[i] == asRead[i]) {
                    knownHeld |= 1 << i;
                }
            }
            DurableRecord record = cached != null ? RecordFormat.withBatch(h, cached) : RecordFormat.decode(h, image, imageOffset);
            return new Item(offset, end, h, record, image, imageOffset, copyDamaged, knownHeld);
        } catch (Codec.CorruptDataException e) {
            return Item.damaged(offset, end, h);
        }
    }

    /** The record at {@code offset} with the header of one copy and the body of another. */
    private static byte[] canonical(byte[][] copies, int offset, RecordFormat.Header h, int headerCopy, int bodyCopy) {
        byte[] canonical = new byte[h.totalBytes()];
        System.arraycopy(copies[headerCopy], offset, canonical, 0, RecordFormat.HEADER_BYTES);
        System.arraycopy(copies[bodyCopy], offset + RecordFormat.HEADER_BYTES, canonical, RecordFormat.HEADER_BYTES,
                h.bodyLength());
        return canonical;
    }

    /**
     * The wal-body-unchecked mutant: the body is read from the copy whose header is valid and
     * decoded without its checksum being verified (the mirror is consulted for headers only).
     */
    private static Item readBodyUnchecked(byte[][] copies, byte[][] asRead, int[] lengths, int offset, RecordFormat.Header h,
                                          int headerCopy, int[] trustedBodies) {
        int copy = -1;
        for (int i = 0; i < copies.length && copy < 0; i++) {
            if (h.equals(RecordFormat.parseHeader(copies[i], lengths[i], offset)) && offset + h.totalBytes() <= lengths[i]) {
                copy = i;
            }
        }
        if (copy < 0 || RecordFormat.bodyValid(copies[copy], lengths[copy], offset, h)) {
            return readBody(copies, asRead, lengths, offset, h, headerCopy);
        }
        int end = offset + h.totalBytes();
        byte[] canonical = java.util.Arrays.copyOfRange(copies[copy], offset, end);
        try {
            DurableRecord record = RecordFormat.decode(h, canonical, 0);
            trustedBodies[0]++;
            return new Item(offset, end, h, record, canonical, 0, true, 0);
        } catch (RuntimeException e) {
            return readBody(copies, asRead, lengths, offset, h, headerCopy);
        }
    }

    /**
     * Gives each working copy an array of its own before a correction writes into it, so that
     * {@code asRead} (which shares the arrays until then) keeps what the disk holds. Records already
     * scanned keep pointing at the shared arrays, whose bytes are the ones they were read from.
     * Called only once a correction is sure to write: a torn tail (damaged alike in both mirrors,
     * nothing to merge or flip) used to clone both mirrors at most recoveries.
     */
    private static void privatize(byte[][] copies, byte[][] asRead) {
        for (int i = 0; i < copies.length; i++) {
            if (copies[i] == asRead[i]) {
                copies[i] = copies[i].clone();
            }
        }
    }

    /** Most differing bytes between the mirrors that {@link #mergeMirrors} tries combinations of. */
    private static final int MAX_MERGE_DIFFERENCES = 12;

    /**
     * Rot hit both mirrors of a record, in different bytes: where the copies differ one of them is
     * right, so some mix of the two passes the checksum. Tries every mix (up to 2^12) of the bytes
     * in {@code [from, from + length)}; on success the good bytes are left in {@code copies[0]}.
     * Copies equal there have no mix but {@code copies[0]} itself (invalid): nothing to try.
     */
    private static boolean mergeMirrors(byte[][] copies, byte[][] asRead, int[] lengths, int from, int length,
                                        java.util.function.Predicate<byte[]> valid) {
        if (copies.length != 2 || from + length > Math.min(lengths[0], lengths[1])) {
            return false;
        }
        List<Integer> differing = new ArrayList<>();
        for (int p = from; p < from + length; p++) {
            if (copies[0][p] != copies[1][p]) {
                differing.add(p);
                if (differing.size() > MAX_MERGE_DIFFERENCES) {
                    return false;
                }
            }
        }
        if (differing.isEmpty()) {
            return false;
        }
        privatize(copies, asRead);
        byte[] original = Arrays.copyOfRange(copies[0], from, from + length);
        for (int mask = 1; mask < (1 << differing.size()); mask++) {
            for (int k = 0; k < differing.size(); k++) {
                int p = differing.get(k);
                copies[0][p] = ((mask >> k) & 1) == 1 ? copies[1][p] : original[p - from];
            }
            if (valid.test(copies[0])) {
                return true;
            }
        }
        System.arraycopy(original, 0, copies[0], from, length);
        return false;
    }

    /**
     * Bodies longer than this are not searched for a single flipped bit (a limit from when each bit
     * tried cost a checksum of the body; kept, since it decides which records are corrected).
     */
    private static final int MAX_CORRECTABLE_BODY_BYTES = 4096;

    /**
     * Bit rot flips single bits; a crash never produces a record one bit away from valid. So a
     * header that one flipped bit makes valid is rot, and is corrected in place (CRC32C detects
     * every single-bit error, so the correction is unambiguous). A magic two or more bits off is
     * beyond one flip (a flip elsewhere leaves it wrong): the zeros of a lost write, say.
     */
    private static RecordFormat.Header correctHeaderBit(byte[][] copies, byte[][] asRead, int mirror, int length, int offset) {
        if (offset + RecordFormat.HEADER_BYTES > length
                || Integer.bitCount(RecordFormat.readInt(copies[mirror], offset) ^ RecordFormat.MAGIC) > 1) {
            return null;
        }
        privatize(copies, asRead);
        byte[] copy = copies[mirror];
        for (int bit = 0; bit < RecordFormat.HEADER_BYTES * 8; bit++) {
            copy[offset + bit / 8] ^= (byte) (1 << (bit % 8));
            RecordFormat.Header h = RecordFormat.parseHeader(copy, length, offset);
            if (h != null) {
                return h;
            }
            copy[offset + bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return null;
    }

    /**
     * Like {@link #correctHeaderBit}, for a body whose header is valid: the bit is found from the
     * checksum's difference ({@link Crc32cBitFlip}), the same bit trying each in turn would find.
     */
    private static boolean correctBodyBit(byte[][] copies, byte[][] asRead, int mirror, int length, int offset,
                                          RecordFormat.Header h) {
        int start = offset + RecordFormat.HEADER_BYTES;
        if (start + h.bodyLength() > length || h.bodyLength() > MAX_CORRECTABLE_BODY_BYTES) {
            return false;
        }
        int bit = Crc32cBitFlip.find(copies[mirror], start, h.bodyLength(), h.bodyCrc());
        if (bit < 0) {
            return false;
        }
        privatize(copies, asRead);
        copies[mirror][start + bit / 8] ^= (byte) (1 << (bit % 8));
        assert RecordFormat.bodyValid(copies[mirror], length, offset, h) : "a flip Crc32cBitFlip found left the body invalid";
        return true;
    }

    /**
     * The first offset in {@code [from, max)} where some copy holds a valid header, else {@code max}.
     * Only offsets where a copy holds the magic's first byte can be one; the search skips to them
     * (a torn or lost compaction image leaves megabytes of zeros before the records after it).
     */
    static int nextHeader(byte[][] copies, int[] lengths, int from, int max) {
        int p = from;
        while (p < max) {
            int candidate = max;
            for (int i = 0; i < copies.length; i++) {
                int lastStart = Math.min(max, lengths[i] - RecordFormat.HEADER_BYTES + 1);
                candidate = Math.min(candidate, nextMagicByte(copies[i], p, lastStart));
            }
            for (int i = 0; i < copies.length && candidate < max; i++) {
                if (RecordFormat.parseHeader(copies[i], lengths[i], candidate) != null) {
                    return candidate;
                }
            }
            p = candidate + 1;
        }
        return max;
    }

    /** A run of zeros to compare with: zeros are skipped a vector at a time. */
    private static final byte[] ZEROS = new byte[4096];

    /** The first index in {@code [from, to)} of {@code copy} holding the magic's first byte, else {@link Integer#MAX_VALUE}. */
    private static int nextMagicByte(byte[] copy, int from, int to) {
        int p = from;
        while (p < to) {
            byte b = copy[p];
            if (b == RecordFormat.MAGIC_FIRST_BYTE) {
                return p;
            }
            if (b != 0) {
                p++;
                continue;
            }
            int n = Math.min(to - p, ZEROS.length);
            int differs = Arrays.mismatch(copy, p, p + n, ZEROS, 0, n);
            p += differs < 0 ? n : differs;
        }
        return Integer.MAX_VALUE;
    }

    /** Rewrites a mirror whose bytes for this record differ from the valid copy. */
    private static int rewriteBadCopies(NodeDisk disk, String[] names, byte[][] copies, int[] lengths, Item it) {
        int rewritten = 0;
        for (int i = 0; i < copies.length; i++) {
            if (!it.knownHeldBy(i) && !it.heldBy(copies[i], lengths[i])) {
                disk.write(names[i], it.offset(), it.canonical());
                rewritten++;
            }
        }
        return rewritten;
    }

    /** Reads a whole file sector by sector; an unreadable sector reads as zeros (its checksum then fails). */
    private static byte[] readTolerant(NodeDisk disk, String file, java.util.TreeSet<Long> unreadableSectors) {
        if (!disk.exists(file)) {
            return new byte[0];
        }
        int size = (int) disk.size(file);
        try {
            return disk.readAll(file);
        } catch (DiskReadException e) {
            byte[] out = new byte[size];
            for (int off = 0; off < size; off += NodeDisk.SECTOR_BYTES) {
                int len = Math.min(NodeDisk.SECTOR_BYTES, size - off);
                try {
                    byte[] part = disk.read(file, off, len);
                    System.arraycopy(part, 0, out, off, part.length);
                } catch (DiskReadException bad) {
                    // Left as zeros: the record checksums covering it fail and the mirror is used.
                    unreadableSectors.add((long) off / NodeDisk.SECTOR_BYTES);
                }
            }
            return out;
        }
    }
}
