package io.paxsim.sim.disk;

import io.paxsim.sim.NodeStateHash;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One node's simulated disk: a page cache over durable contents. Owned by the simulation, so it
 * outlives the node's crashes. Fault methods ({@link #rotBit}, {@link #addLatentSectorError}, ...)
 * are the runtime's disk-fault API; the node sees only {@link NodeDisk}.
 */
public final class SimDisk implements io.paxsim.sim.Copyable, NodeStateHash {
    /** Files are byte arrays underneath; 1 GiB keeps offsets in int range with room to spare. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private final TreeMap<String, FileState> files = new TreeMap<>();
    private final RandomStream random;
    private DiskConfig config;
    private boolean fsyncErrorLosesWrites;
    private long opSequence;
    private long cachedBytes;
    /** Unlinks pending (unsynced) over all files: an fsync has journal work to do only when some are. */
    private int pendingDeletes;
    /**
     * The last two files looked up, by the identity of their names: a WAL writes the same two
     * mirror names over and over, alternately (a record to one mirror, then to the other), and a
     * string compare per level of the tree is most of a lookup. Cleared whenever an entry leaves
     * {@link #files}.
     */
    private String lastName;
    private FileState lastState;
    private String previousName;
    private FileState previousState;
    /**
     * Whether files keep their synced appends on the platter lazily (see {@link Lazy}): the same
     * behaviour (every read, size, draw and crash outcome), fewer copies. Off for the explorer,
     * whose fingerprints and copies read the platter's representation.
     */
    private final boolean lazyPlatter;

    public SimDisk(DiskConfig config, RandomStream random) {
        this(config, random, false);
    }

    /** {@code lazyPlatter}: see {@link #lazyPlatter}. */
    public SimDisk(DiskConfig config, RandomStream random, boolean lazyPlatter) {
        this.config = config;
        this.random = random;
        this.lazyPlatter = lazyPlatter;
    }

    public DiskConfig config() {
        return config;
    }

    public void setConfig(DiskConfig config) {
        this.config = config;
    }

    /** See {@link #setFsyncErrorLosesWrites}. */
    public boolean fsyncErrorLosesWrites() {
        return fsyncErrorLosesWrites;
    }

    /**
     * Off (the default): a failed fsync leaves its writes pending, so a retried fsync can still
     * make them durable. On: Linux semantics after a writeback error ({@link #failFsync}), where
     * only rewriting the data (or crashing) is safe; turn it on to hunt "fsyncgate" bugs.
     */
    public void setFsyncErrorLosesWrites(boolean on) {
        this.fsyncErrorLosesWrites = on;
    }

    /** An fsync completed with EIO: applies whichever EIO semantics this disk has. */
    public void fsyncFailed(String file, long barrier) {
        if (fsyncErrorLosesWrites) {
            failFsync(file, barrier);
        }
    }

    // ---- the node's view -------------------------------------------------------------------

    public List<String> files() {
        List<String> names = new ArrayList<>();
        files.forEach((name, f) -> {
            if (f.cache.exists) {
                names.add(name);
            }
        });
        return names;
    }

    public boolean exists(String file) {
        FileState f = lookup(file);
        return f != null && f.cache.exists;
    }

    public long size(String file) {
        FileState f = lookup(file);
        return f == null || !f.cache.exists ? 0 : f.cache.length;
    }

    public byte[] read(String file, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        FileState f = lookup(file);
        if (f == null || !f.cache.exists || offset >= f.cache.length) {
            return new byte[0];
        }
        int end = (int) Math.min(f.cache.length, offset + (long) length);
        checkLatentErrors(file, f, offset, end);
        return f.cache.read((int) offset, end);
    }

    public WriteStatus write(String file, long offset, byte[] data) {
        return writeShared(file, offset, data.clone());
    }

    /**
     * {@link #write} of bytes the caller hands over: {@code data} is kept as the pending write's
     * content (and may be the content of several), so it must never change afterwards. Lets one
     * copy serve every place the same bytes are written ({@link NodeDisk#writeEach}).
     */
    public WriteStatus writeShared(String file, long offset, byte[] data) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
        if (offset + data.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("simulated files are limited to " + MAX_FILE_BYTES
                    + " bytes: write of " + data.length + " at " + offset + " to " + file);
        }
        FileState f = lookupOrCreate(file);
        long oldLength = f.cache.exists ? f.cache.length : 0;
        long newLength = Math.max(oldLength, offset + data.length);
        if (cachedBytes - oldLength + newLength > config.capacityBytes()) {
            return WriteStatus.DISK_FULL;
        }
        cachedBytes += newLength - oldLength;
        if (f.lazy != null && !f.lazy.admits(offset, data.length, f.cache.length)) {
            materialize(f); // the write would change cached bytes the lazy platter reads as synced
        }
        f.cache.exists = true;
        if (!lazyPlatter || !f.cache.adopt(offset, data)) {
            f.cache.write(offset, data);
        }
        f.pending.add(new PendingOp(++opSequence, PendingOp.WRITE, offset, data));
        clearLatentErrors(f, offset, offset + data.length);
        return WriteStatus.OK;
    }

    public WriteStatus append(String file, byte[] data) {
        return write(file, size(file), data);
    }

    public void truncate(String file, long size) {
        FileState f = lookup(file);
        if (f == null || !f.cache.exists || size >= f.cache.length) {
            return;
        }
        cachedBytes -= f.cache.length - size;
        materialize(f);
        f.cache.truncate(size);
        f.pending.add(new PendingOp(++opSequence, PendingOp.TRUNCATE, size, null));
    }

    public void delete(String file) {
        FileState f = lookup(file);
        if (f == null || !f.cache.exists) {
            return;
        }
        cachedBytes -= f.cache.length;
        materialize(f);
        f.cache.delete();
        f.pending.add(new PendingOp(++opSequence, PendingOp.DELETE, 0, null));
        pendingDeletes++;
    }

    /**
     * Forgets a file once it is gone for good (deleted in cache and on the platter, nothing pending,
     * no fault armed): its state is then the same as no entry at all (see {@link #fingerprint}),
     * and a run that rotates WAL generations does not keep every generation's entry.
     */
    private void forgetIfGone(String file, FileState f) {
        if (f.gone()) {
            files.remove(file);
            forgetLookups();
        }
    }

    /**
     * Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): each file state once (the
     * lookup cache points at its copies too), contents copy-on-write by page (see
     * {@link Contents#copy}), pending ops shared (immutable: their data is never written).
     */
    @Override
    public SimDisk copy(io.paxsim.sim.Copyable.Copies copies) {
        return new SimDisk(this, copies);
    }

    private SimDisk(SimDisk o, io.paxsim.sim.Copyable.Copies copies) {
        copies.remember(o, this);
        boolean frozen = copies.originalsFrozen();
        for (var e : o.files.entrySet()) {
            FileState f = e.getValue().copy(frozen);
            files.put(e.getKey(), f);
            if (e.getValue() == o.lastState) {
                lastState = f;
            }
            if (e.getValue() == o.previousState) {
                previousState = f;
            }
        }
        this.random = copies.of(o.random);
        this.config = o.config;
        this.fsyncErrorLosesWrites = o.fsyncErrorLosesWrites;
        this.opSequence = o.opSequence;
        this.cachedBytes = o.cachedBytes;
        this.pendingDeletes = o.pendingDeletes;
        this.lastName = o.lastName;
        this.previousName = o.previousName;
        this.lazyPlatter = o.lazyPlatter;
        if (lastState == null && o.lastState != null || previousState == null && o.previousState != null) {
            throw new IllegalStateException("disk lookup cache holds a file state that is not a file's");
        }
    }

    private FileState lookup(String file) {
        if (file == lastName) {
            return lastState;
        }
        if (file == previousName) {
            FileState f = previousState;
            remember(file, f);
            return f;
        }
        FileState f = files.get(file);
        if (f != null) {
            remember(file, f);
        }
        return f;
    }

    private FileState lookupOrCreate(String file) {
        FileState f = lookup(file);
        if (f == null) {
            f = newFile();
            files.put(file, f);
            remember(file, f);
        }
        return f;
    }

    private void remember(String file, FileState f) {
        previousName = lastName;
        previousState = lastState;
        lastName = file;
        lastState = f;
    }

    private void forgetLookups() {
        lastName = null;
        lastState = null;
        previousName = null;
        previousState = null;
    }

    /** Marks the point an fsync must cover; {@link #completeFsync} later makes it durable. */
    public long beginFsync(String file) {
        return opSequence;
    }

    /** Latency of the next fsync, drawn from the disk's stream. */
    public long drawFsyncLatencyNanos() {
        return random.nextLong(config.fsyncLatencyMinNanos(), config.fsyncLatencyMaxNanos() + 1);
    }

    /** Whether the next fsync fails with EIO. */
    public boolean drawFsyncFailure() {
        return random.bernoulli(config.fsyncFailProbability());
    }

    /** Makes durable every pending op on {@code file} issued up to {@code barrier}. */
    public void completeFsync(String file, long barrier) {
        syncFile(file, barrier);
        commitDeletes(barrier);
    }

    /** {@link #completeFsync} of several files synced by one request: the journal is committed once. */
    public void completeFsync(List<String> synced, long barrier) {
        for (String file : synced) {
            syncFile(file, barrier);
        }
        commitDeletes(barrier);
    }

    private void syncFile(String file, long barrier) {
        FileState f = lookup(file);
        if (f == null) {
            return;
        }
        int applied = 0;
        for (PendingOp op : f.pending) {
            if (op.sequence > barrier) {
                break;
            }
            applyDurably(f, op, false);
            applied++;
            if (op.kind == PendingOp.DELETE) {
                resumeLazyAfterUnlink(f, applied);
            }
        }
        dropPending(f, applied);
        forgetIfGone(file, f);
    }

    /**
     * An fsync commits the file system's journal, and with it every unlink issued before it on
     * this disk (ext4 and XFS order metadata this way), not only its own file's. Without this a
     * deleted file's contents would stay durable until that file's next fsync, which never comes:
     * every rotated WAL generation would be kept, and resurrected at each crash, forever.
     */
    private void commitDeletes(long barrier) {
        if (pendingDeletes == 0) {
            return; // nothing to journal (the common case: a WAL flush), so no walk over every file
        }
        java.util.Iterator<java.util.Map.Entry<String, FileState>> it = files.entrySet().iterator();
        while (it.hasNext()) {
            FileState f = it.next().getValue();
            int lastDelete = -1;
            for (int i = 0; i < f.pending.size() && f.pending.get(i).sequence <= barrier; i++) {
                if (f.pending.get(i).kind == PendingOp.DELETE) {
                    lastDelete = i;
                }
            }
            if (lastDelete >= 0) {
                materialize(f);
                f.durable.delete(); // what was pending before the unlink is moot: the file is gone
                resumeLazyAfterUnlink(f, lastDelete + 1);
                dropPending(f, lastDelete + 1);
                if (f.gone()) {
                    it.remove();
                    forgetLookups();
                }
            }
        }
    }

    /**
     * An fsync that returned EIO. As in Linux after a writeback error, the covered writes are no
     * longer pending: each independently reached the platter or was dropped, while the page cache
     * keeps showing them. A retried fsync therefore cannot make the dropped ones durable; only a
     * crash reveals what was lost, which is exactly the trap a protocol must not fall into.
     */
    public void failFsync(String file, long barrier) {
        FileState f = lookup(file);
        if (f == null) {
            return;
        }
        materialize(f); // writes it drops stay in the cache: the cache no longer shows the platter
        int resolved = 0;
        for (PendingOp op : f.pending) {
            if (op.sequence > barrier) {
                break;
            }
            if (random.bernoulli(0.5)) {
                applyDurably(f, op, false);
            }
            resolved++;
        }
        dropPending(f, resolved);
        forgetIfGone(file, f);
    }

    // ---- lifecycle and faults --------------------------------------------------------------

    /**
     * A power loss: each unsynced op independently survives, is lost, or (writes only) is torn at
     * sector granularity; the page cache is then rebuilt from what is durable.
     */
    public void crash() {
        for (FileState f : files.values()) {
            if (f.lazy != null && f.pending.isEmpty()) {
                continue; // the cache shows exactly what is synced (see Lazy): it is what a restart reads
            }
            materialize(f);
            for (PendingOp op : f.pending) {
                if (random.bernoulli(config.crashLoseUnsyncedProbability())) {
                    continue;
                }
                applyDurably(f, op, random.bernoulli(config.crashTearProbability()));
            }
            rebuildCacheFromPlatter(f);
        }
        pendingDeletes = 0;
        files.values().removeIf(FileState::gone);
        forgetLookups();
        cachedBytes = 0;
        for (FileState f : files.values()) {
            cachedBytes += f.cache.exists ? f.cache.length : 0;
        }
    }

    /**
     * Pending (unsynced) ops, over all files, issued up to {@code barrier}: an fsync barrier named
     * by what it covers, not by the sequence number an interleaving happened to give it (explorer).
     */
    public long pendingOpsThrough(long barrier) {
        long n = 0;
        for (FileState f : files.values()) {
            for (PendingOp op : f.pending) {
                if (op.sequence <= barrier) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * For a systematic explorer: the distinct fates of each unsynced op at a crash, per file with
     * pending ops (files in name order, ops in issue order). A write has fate 0 (lost), 1 (survives
     * whole) or 1 + k (only its first k of the s sectors it spans reach the platter, 1 <= k < s); a
     * truncate or delete has fate 0 (lost) or 1 (applied).
     */
    public int[][] crashFateCounts() {
        List<int[]> perFile = new ArrayList<>();
        for (FileState f : files.values()) {
            if (f.pending.isEmpty()) {
                continue;
            }
            int[] counts = new int[f.pending.size()];
            for (int i = 0; i < counts.length; i++) {
                PendingOp op = f.pending.get(i);
                counts[i] = op.kind == PendingOp.WRITE ? 1 + sectorsSpanned(op.offset, op.data.length) : 2;
            }
            perFile.add(counts);
        }
        return perFile.toArray(new int[0][]);
    }

    /**
     * A power loss whose outcome is chosen, not drawn: {@code fates} gives each unsynced op's fate
     * in the order and encoding of {@link #crashFateCounts()}, flattened. No randomness is used.
     */
    public void crash(int[] fates) {
        if (fates.length != unsyncedOps()) {
            throw new IllegalArgumentException("crash fates cover " + fates.length + " ops; " + unsyncedOps() + " are pending");
        }
        int next = 0;
        for (FileState f : files.values()) {
            materialize(f);
            for (PendingOp op : f.pending) {
                int fate = fates[next++];
                if (fate == 1) {
                    applyChosen(f, op, op.kind == PendingOp.WRITE ? op.data : null);
                } else if (fate > 1) {
                    if (op.kind != PendingOp.WRITE || fate > sectorsSpanned(op.offset, op.data.length)) {
                        throw new IllegalArgumentException("no fate " + fate + " for an unsynced op");
                    }
                    applyChosen(f, op, keptSectors(op.offset, op.data, fate - 1));
                }
            }
        }
        dropCacheToDurable();
    }

    private void applyChosen(FileState f, PendingOp op, byte[] data) {
        switch (op.kind) {
            case PendingOp.WRITE -> {
                f.durable.exists = true;
                f.durable.write(op.offset, data);
            }
            case PendingOp.TRUNCATE -> f.durable.truncate(op.offset);
            case PendingOp.DELETE -> f.durable.delete();
            default -> throw new AssertionError("unknown pending op kind " + op.kind);
        }
    }

    private static int sectorsSpanned(long offset, int length) {
        if (length == 0) {
            return 1;
        }
        return (int) ((offset + length - 1) / NodeDisk.SECTOR_BYTES - offset / NodeDisk.SECTOR_BYTES + 1);
    }

    private static byte[] keptSectors(long offset, byte[] data, long keptSectors) {
        long keptEnd = (offset / NodeDisk.SECTOR_BYTES + keptSectors) * NodeDisk.SECTOR_BYTES;
        return Arrays.copyOf(data, (int) Math.max(0, Math.min(data.length, keptEnd - offset)));
    }

    private void dropCacheToDurable() {
        cachedBytes = 0;
        for (FileState f : files.values()) {
            rebuildCacheFromPlatter(f);
            cachedBytes += f.cache.exists ? f.cache.length : 0;
        }
        pendingDeletes = 0;
        files.values().removeIf(FileState::gone);
        forgetLookups();
    }

    /**
     * Flips one bit of synced data; returns false when the file holds no synced byte there. The
     * page cache shows the rot at once only while it mirrors the platter there (no unsynced op on
     * the file, same byte): a newer cached write hides it until a crash drops the cache.
     */
    public boolean rotBit(String file, long offset, int bit) {
        if (bit < 0 || bit > 7) {
            throw new IllegalArgumentException("bit must be in 0..7: " + bit);
        }
        FileState f = lookup(file);
        if (f == null || durableSize(f) == 0 || offset < 0 || offset >= durableSize(f)) {
            return false;
        }
        materialize(f);
        int at = (int) offset;
        boolean cacheMirrorsPlatter = f.pending.isEmpty() && f.cache.exists && at < f.cache.length
                && f.cache.get(at) == f.durable.get(at);
        f.durable.flip(at, (byte) (1 << bit));
        if (cacheMirrorsPlatter) {
            f.cache.flip(at, (byte) (1 << bit));
        }
        return true;
    }

    /**
     * A targeted misdirected write: the next write of {@code file} to reach the platter lands
     * some sectors away from where it was meant to. Lets a nemesis respect a fault atlas (for
     * example, never damage both copies of a record) where a disk-wide probability cannot.
     */
    public void misdirectNextDurableWrite(String file) {
        files.computeIfAbsent(file, n -> newFile()).misdirectNext = true;
    }

    /** Reads touching this sector fail until it is rewritten. */
    public void addLatentSectorError(String file, long sector) {
        if (sector < 0) {
            throw new IllegalArgumentException("sector must be >= 0: " + sector);
        }
        files.computeIfAbsent(file, n -> newFile()).latentSectors.add(sector);
    }

    /** Synced length of a file, for fault injectors that target synced data only. */
    public long durableSize(String file) {
        FileState f = lookup(file);
        return f == null ? 0 : durableSize(f);
    }

    private static long durableSize(FileState f) {
        if (!f.durable.exists) {
            return 0;
        }
        return f.lazy != null ? f.lazy.length : f.durable.length;
    }

    public long unsyncedOps() {
        long n = 0;
        for (FileState f : files.values()) {
            n += f.pending.size();
        }
        return n;
    }

    /** Canonical fingerprint of durable and cached contents (for explorer state dedup). */
    public long fingerprint() {
        long h = 0x51ED270B27D5A3L;
        for (var e : files.entrySet()) {
            FileState f = e.getValue();
            if (!f.durable.exists && !f.cache.exists && f.pending.isEmpty() && f.latentSectors.isEmpty()) {
                continue; // never written, or deleted for good: the same state as no entry at all
            }
            h = RandomStream.mix64(h ^ RandomStream.fnv1a64(e.getKey()));
            h = RandomStream.mix64(h ^ platter(e.getValue()).hash());
            h = RandomStream.mix64(h ^ e.getValue().cache.hash());
        }
        return h;
    }

    /**
     * The explorer's fingerprint part of this disk (see {@link NodeStateHash}): every file's contents
     * (bytes up to its length, an absent page as zeros), pending ops with their sequence numbers
     * renamed to their rank among the disk's pending ops, latent sectors; the config, flags and
     * counters; and the lookup cache by the names it holds (its file states are files' entries,
     * see the copy constructor). Left out, as the reflective walk leaves them out: the op sequence
     * counter (mints fresh numbers) and the random stream (only sets delays).
     */
    @Override
    public long nodeStateHash(NodeStateHash.Hashing h) {
        long[] ranks = pendingSequences();
        long x = NodeStateHash.mix(0x4449534BL, files.size());
        int index = 0;
        int lastIndex = -1;
        int previousIndex = -1;
        for (var e : files.entrySet()) {
            FileState f = e.getValue();
            lastIndex = f == lastState ? index : lastIndex;
            previousIndex = f == previousState ? index : previousIndex;
            index++;
            x = NodeStateHash.mix(x, RandomStream.fnv1a64(e.getKey()));
            x = NodeStateHash.mix(x, platter(f).contentHash());
            x = NodeStateHash.mix(x, f.cache.contentHash());
            x = NodeStateHash.mix(x, f.pending.size());
            for (PendingOp op : f.pending) {
                x = NodeStateHash.mix(NodeStateHash.mix(NodeStateHash.mix(x, op.kind), op.offset),
                        rank(ranks, op.sequence));
                x = NodeStateHash.bytes(x, op.data, op.data == null ? 0 : op.data.length);
            }
            x = NodeStateHash.mix(x, f.latentSectors.size());
            for (long sector : f.latentSectors) {
                x = NodeStateHash.mix(x, sector);
            }
            x = NodeStateHash.mix(x, f.misdirectNext ? 1 : 0);
        }
        x = NodeStateHash.mix(x, config == null ? 0 : config.stableHash());
        x = NodeStateHash.mix(x, fsyncErrorLosesWrites ? 1 : 0);
        x = NodeStateHash.mix(x, cachedBytes);
        x = NodeStateHash.mix(x, pendingDeletes);
        x = NodeStateHash.mix(x, lastName == null ? 0 : RandomStream.fnv1a64(lastName));
        x = NodeStateHash.mix(x, lastIndex);
        x = NodeStateHash.mix(x, previousName == null ? 0 : RandomStream.fnv1a64(previousName));
        return NodeStateHash.mix(x, previousIndex);
    }

    /** The sequence numbers of every pending op, sorted: an op is hashed by its rank among them. */
    private long[] pendingSequences() {
        int n = 0;
        for (FileState f : files.values()) {
            n += f.pending.size();
        }
        long[] out = new long[n];
        int i = 0;
        for (FileState f : files.values()) {
            for (PendingOp op : f.pending) {
                out[i++] = op.sequence;
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static long rank(long[] sorted, long sequence) {
        int i = Arrays.binarySearch(sorted, sequence);
        return i >= 0 ? i + 1 : -i - 1;
    }

    // ---- internals ---------------------------------------------------------------------------

    /** Removes the first {@code count} pending ops of {@code f} (applied, resolved or moot), keeping {@link #pendingDeletes}. */
    private void dropPending(FileState f, int count) {
        for (int i = 0; pendingDeletes > 0 && i < count; i++) {
            if (f.pending.get(i).kind == PendingOp.DELETE) {
                pendingDeletes--;
            }
        }
        assert pendingDeletes >= 0 : "pending unlinks went negative";
        if (count == f.pending.size()) {
            f.pending.clear(); // the common case (an fsync covers every write before it): no sublist view
        } else if (count > 0) {
            f.pending.subList(0, count).clear();
        }
    }

    private void applyDurably(FileState f, PendingOp op, boolean torn) {
        switch (op.kind) {
            case PendingOp.WRITE -> {
                byte[] data = op.data;
                long offset = op.offset;
                if (torn) {
                    data = tornPrefix(offset, data);
                }
                if (f.misdirectNext || random.bernoulli(config.misdirectedWriteProbability())) {
                    f.misdirectNext = false;
                    long shiftBytes = (1 + random.nextLong(8)) * NodeDisk.SECTOR_BYTES;
                    boolean backwards = random.bernoulli(0.5) && offset >= shiftBytes;
                    offset = backwards ? offset - shiftBytes : offset + shiftBytes;
                }
                if (f.lazy != null && !torn && offset == op.offset) {
                    applyLazily(f, op);
                    return;
                }
                materialize(f);
                f.durable.exists = true;
                f.durable.write(offset, data);
            }
            case PendingOp.TRUNCATE -> {
                materialize(f);
                f.durable.truncate(op.offset);
            }
            case PendingOp.DELETE -> {
                materialize(f);
                f.durable.delete();
            }
            default -> throw new AssertionError("unknown pending op kind " + op.kind);
        }
    }

    // ---- the lazy platter ------------------------------------------------------------------------

    private FileState newFile() {
        FileState f = new FileState();
        f.lazy = lazyPlatter ? new Lazy(Lazy.UNSET, 0) : null;
        return f;
    }

    /** A synced write of a lazy file, where it was issued: a head write reaches the platter's head, a tail write only moves its end. */
    private static void applyLazily(FileState f, PendingOp op) {
        Lazy z = f.lazy;
        long end = op.offset + op.data.length;
        f.durable.exists = true;
        if (z.isHead(op.offset, op.data.length)) {
            f.durable.write(op.offset, op.data);
        }
        z.length = (int) Math.max(z.length, end);
    }

    /** After a crash, once the fates of {@code f}'s unsynced ops are applied: no op pending, the cache a copy of the platter. */
    private void rebuildCacheFromPlatter(FileState f) {
        f.pending.clear();
        materialize(f);
        f.cache = f.durable.copy();
        resumeLazyAfterCrash(f);
    }

    /** Right after a crash the cache is a copy of the platter: the platter's bytes can be read from it until it changes. */
    private void resumeLazyAfterCrash(FileState f) {
        if (lazyPlatter) {
            f.lazy = new Lazy(f.durable.length, f.durable.length);
        }
    }

    /**
     * The platter has just unlinked {@code f} (its durable contents are gone); {@code from}: the
     * index in its pending ops of the first op after that unlink. The cache was emptied when the
     * unlink was issued, so it holds exactly those later ops: if each is one a lazy file admits,
     * the file goes lazy again (a snapshot file is unlinked and rewritten whole each time).
     */
    private void resumeLazyAfterUnlink(FileState f, int from) {
        if (!lazyPlatter || f.lazy != null) {
            return;
        }
        Lazy z = new Lazy(Lazy.UNSET, 0);
        int cacheLength = 0;
        for (int i = from; i < f.pending.size(); i++) {
            PendingOp op = f.pending.get(i);
            if (op.kind != PendingOp.WRITE || !z.admits(op.offset, op.data.length, cacheLength)) {
                return;
            }
            cacheLength = (int) Math.max(cacheLength, op.offset + op.data.length);
        }
        f.lazy = z;
    }

    /**
     * The platter's contents of {@code f} as one {@link Contents} of their own (a lazy file's are
     * put together from its head and the cache's pages), and the file eager from here on.
     */
    private static void materialize(FileState f) {
        if (f.lazy != null) {
            f.durable = assemble(f, false);
            f.lazy = null;
        }
    }

    /** The platter's contents of {@code f}; a lazy file's put together in a copy that must not be written ({@link #assemble}). */
    private static Contents platter(FileState f) {
        return f.lazy == null ? f.durable : assemble(f, true);
    }

    /**
     * A lazy file's platter as Contents: the cache's pages (copy-on-write) cut to the synced length,
     * with the head's bytes laid over the cache's below the tail's start wherever the two hold
     * different pages. {@code readOnly}: a throwaway copy for hashing, which marks nothing borrowed
     * in the cache (so it must not outlive a write to the cache).
     */
    private static Contents assemble(FileState f, boolean readOnly) {
        Lazy z = f.lazy;
        Contents head = f.durable;
        if (Math.min(z.tailFrom(), z.length) > 0) {
            // The head is laid over the cache page by page, so both are in pages (either may hold a
            // whole file: see Contents#adopt; after a crash the platter shares the cache's).
            head.splitIntoPages();
            f.cache.splitIntoPages();
        }
        Contents d = f.cache.copy(readOnly);
        if (d.length > z.length) {
            d.truncate(z.length);
        }
        d.exists = head.exists;
        int headEnd = (int) Math.min(z.tailFrom(), z.length);
        for (int from = 0; from < headEnd; from += Contents.PAGE_BYTES) {
            int index = from >>> Contents.PAGE_BITS;
            byte[] headPage = index < head.pages.length ? head.pages[index] : null;
            byte[] cachePage = index < f.cache.pages.length ? f.cache.pages[index] : null;
            if (headPage == cachePage) {
                continue; // one array: the same bytes (past a length every page holds zeros)
            }
            int to = Math.min(from + Contents.PAGE_BYTES, headEnd);
            byte[] bytes = new byte[to - from];
            if (headPage != null) {
                System.arraycopy(headPage, 0, bytes, 0, Math.min(bytes.length, Math.max(0, Math.min(headPage.length, head.length - from))));
            }
            d.write(from, bytes);
        }
        assert d.length == z.length : "assembled platter of " + d.length + " bytes, synced " + z.length;
        return d;
    }

    /** Keeps a random number of the write's leading sectors (counted on absolute boundaries). */
    private byte[] tornPrefix(long offset, byte[] data) {
        long firstSector = offset / NodeDisk.SECTOR_BYTES;
        long lastSector = (offset + data.length - 1) / NodeDisk.SECTOR_BYTES;
        long sectors = lastSector - firstSector + 1;
        long keptSectors = random.nextLong(sectors); // 0 .. sectors-1: always loses something
        long keptEnd = (firstSector + keptSectors) * NodeDisk.SECTOR_BYTES;
        int keptBytes = (int) Math.max(0, Math.min(data.length, keptEnd - offset));
        return Arrays.copyOf(data, keptBytes);
    }

    private void checkLatentErrors(String file, FileState f, long from, long to) {
        if (f.latentSectors.isEmpty() || to <= from) {
            return;
        }
        Long hit = f.latentSectors.ceiling(from / NodeDisk.SECTOR_BYTES);
        if (hit != null && hit <= (to - 1) / NodeDisk.SECTOR_BYTES) {
            throw new DiskReadException(file, hit);
        }
    }

    private static void clearLatentErrors(FileState f, long from, long to) {
        if (f.latentSectors.isEmpty() || to <= from) {
            return;
        }
        long first = from / NodeDisk.SECTOR_BYTES;
        long last = (to - 1) / NodeDisk.SECTOR_BYTES;
        // Most writes (log appends) lie wholly past or before the bad sectors: no range view for them.
        if (first > f.latentSectors.last() || last < f.latentSectors.first()) {
            return;
        }
        f.latentSectors.subSet(first, true, last, true).clear();
    }

    private static final class FileState {
        /** The platter's contents; of a lazy file, only its head (see {@link Lazy}). */
        Contents durable = new Contents();
        Contents cache = new Contents();
        final ArrayList<PendingOp> pending = new ArrayList<>();
        final TreeSet<Long> latentSectors = new TreeSet<>();
        boolean misdirectNext;
        /** Null while {@link #durable} holds the whole platter. */
        Lazy lazy;

        /** A copy whose contents borrow this one's pages ({@code frozen}: see {@link Contents#copy(boolean)}). */
        FileState copy(boolean frozen) {
            FileState f = new FileState();
            f.durable = durable.copy(frozen);
            f.cache = cache.copy(frozen);
            f.lazy = lazy == null ? null : new Lazy(lazy.tailFrom, lazy.length);
            f.pending.addAll(pending);
            f.latentSectors.addAll(latentSectors);
            f.misdirectNext = misdirectNext;
            return f;
        }

        boolean gone() {
            return !durable.exists && !cache.exists && pending.isEmpty() && latentSectors.isEmpty() && !misdirectNext;
        }
    }

    /**
     * A file whose platter is kept lazily: its synced appends are not copied to platter pages (a
     * WAL's bytes would be copied twice, once into the cache and once at the fsync) but read from
     * the cache, which holds them too. The platter is then: bytes below {@link #tailFrom} from the
     * head ({@link FileState#durable}, written at each fsync as before), bytes from there up to
     * {@link #length} from the cache, and existence from the head.
     *
     * <p>Why the cache can stand in for the tail: a lazy file admits (see {@link #admits}) only
     * writes wholly below {@code tailFrom} (head writes) and appends at or past both {@code tailFrom}
     * and the cache's end (tail writes). So no write changes cached bytes the platter already holds
     * from the cache, unsynced tail writes never overlap, and the cache between synced tail writes
     * holds zeros, as the platter does. Anything else (an overwrite of the tail, a truncate, an
     * unlink, a failed fsync, a misdirected or torn write, a crash with writes pending, bit rot)
     * first {@linkplain #materialize materializes} the platter and leaves the file eager until a
     * crash or an unlink starts it afresh. A lazy file with nothing pending has a cache equal to its
     * platter, so a crash keeps it as it is. Only representation: reads, sizes, random draws, crash
     * outcomes and hashes ({@link #platter}) are those of the eager platter.
     */
    private static final class Lazy {
        /** {@link #tailFrom} of a file nothing has been written to since it went lazy: the first write starts the tail. */
        static final int UNSET = -1;
        int tailFrom;
        /** The platter's length (of the head and the tail together). */
        int length;

        Lazy(int tailFrom, int length) {
            this.tailFrom = tailFrom;
            this.length = length;
        }

        /** The tail's start, or no tail yet (everything is head). */
        long tailFrom() {
            return tailFrom == UNSET ? Long.MAX_VALUE : tailFrom;
        }

        boolean isHead(long offset, int length) {
            return offset + length <= tailFrom();
        }

        /** Whether a write of {@code length} bytes at {@code offset}, on a cache {@code cacheLength} long, keeps the file lazy; the first one starts the tail. */
        boolean admits(long offset, int length, long cacheLength) {
            if (tailFrom == UNSET) {
                if (offset < cacheLength) {
                    return false;
                }
                tailFrom = (int) offset;
                return true;
            }
            return isHead(offset, length) || offset >= Math.max(tailFrom, cacheLength);
        }
    }

    private static final class PendingOp {
        static final int WRITE = 0;
        static final int TRUNCATE = 1;
        static final int DELETE = 2;
        final long sequence;
        final int kind;
        final long offset;
        final byte[] data;

        PendingOp(long sequence, int kind, long offset, byte[] data) {
            this.sequence = sequence;
            this.kind = kind;
            this.offset = offset;
            this.data = data;
        }
    }

    /**
     * A file's bytes with a logical length and an existence flag, held in fixed pages: a growing
     * file (a WAL) allocates each byte once instead of copying itself at every doubling. Bytes past
     * the length are always zero, so a write beyond the end needs no fill.
     *
     * <p>The first page is only as long as the file needs (a power of two from {@value #FIRST_PAGE_MIN_BYTES}
     * bytes, doubling up to a whole page; every later page is whole): the explorer's files are a few
     * hundred bytes, and a copy-on-write clone of a whole 4 KB page per write was half of a kept
     * world's bytes. Invariant: an allocated page is at least as long as the part of the file it
     * holds, so readers never look past its end.
     *
     * <p>Or, on a lazy-platter disk, a file written whole at once (a snapshot: unlinked, then
     * written whole) keeps the handed-over array itself as {@link #whole} instead of a copy in pages
     * (see {@link #adopt}); any change splits it into pages first, and readers and hashes read it
     * as the pages would hold it.
     */
    private static final class Contents {
        static final int PAGE_BITS = 12;
        static final int PAGE_BYTES = 1 << PAGE_BITS;
        private static final int FIRST_PAGE_MIN_BYTES = 64;
        private static final byte[][] NO_PAGES = new byte[0][];
        private static final byte[] ZERO_PAGE = new byte[PAGE_BYTES];
        byte[][] pages = NO_PAGES;
        /**
         * Copy-on-write: borrowed[i] while pages[i] may also be another Contents' page (a copy's or
         * its original's), so it is cloned before its first write here; null when none is borrowed.
         */
        private boolean[] borrowed;
        int length;
        boolean exists;
        /**
         * The file's bytes up to {@link #length} when one write made it (see {@link #adopt}), with no
         * pages; never written (a change first splits it into pages), so copies share it. Else null.
         */
        private byte[] whole;

        /** Pages larger writes than this are kept whole (see {@link #adopt}): a snapshot's megabytes, never a WAL record. */
        static final int ADOPT_MIN_BYTES = PAGE_BYTES;

        /**
         * Makes {@code data}, written at 0 to an empty file with no pages, the file's bytes without a
         * copy, when it is over {@link #ADOPT_MIN_BYTES}; false (nothing done) otherwise. The caller
         * hands {@code data} over (it never changes: {@link SimDisk#writeShared}). A snapshot file is
         * unlinked and written whole, then read and unlinked: copying its megabytes into pages was a
         * tenth of what a 1M-op list-append run's simulation allocated, and those pages outlived many
         * young collections.
         */
        boolean adopt(long offset, byte[] data) {
            if (offset != 0 || length != 0 || pages != NO_PAGES || whole != null || data.length <= ADOPT_MIN_BYTES) {
                return false;
            }
            whole = data;
            length = data.length;
            return true;
        }

        /** Puts a whole file's bytes into pages, before anything that changes them or reads the pages themselves. */
        void splitIntoPages() {
            if (whole != null) {
                byte[] bytes = whole;
                int n = length;
                whole = null;
                length = 0;
                write(0, n == bytes.length ? bytes : Arrays.copyOf(bytes, n));
            }
        }

        /** Existence, length and the bytes up to it (an absent page reads as zeros): not the page layout. */
        long contentHash() {
            long h = NodeStateHash.mix(NodeStateHash.mix(0x434F4E54L, length), exists ? 1 : 0);
            int needed = (length + PAGE_BYTES - 1) / PAGE_BYTES;
            for (int i = 0; i < needed; i++) {
                int n = Math.min(PAGE_BYTES, length - i * PAGE_BYTES);
                if (whole != null) {
                    h = NodeStateHash.bytes(h, whole, i * PAGE_BYTES, n); // page by page, as the pages hash
                    continue;
                }
                byte[] page = i < pages.length && pages[i] != null ? pages[i] : ZERO_PAGE;
                h = NodeStateHash.bytes(h, page, n);
            }
            return h;
        }

        void write(long offset, byte[] data) {
            splitIntoPages();
            long end = offset + data.length;
            assert end <= MAX_FILE_BYTES + (long) 8 * NodeDisk.SECTOR_BYTES : "file too large: " + end;
            ensurePages((int) end);
            int at = (int) offset;
            int from = 0;
            while (from < data.length) {
                int inPage = at & (PAGE_BYTES - 1);
                int n = Math.min(PAGE_BYTES - inPage, data.length - from);
                System.arraycopy(data, from, page(at >>> PAGE_BITS, inPage + n), inPage, n);
                at += n;
                from += n;
            }
            length = Math.max(length, (int) end);
            fitFirstPage(); // a write past page 0, or an empty one past the end (a torn write that kept no sector)
        }

        /**
         * Keeps the class invariant where a write lengthens the file without writing into its first page (only
         * the first page can be short): it then holds the file's bytes up to its length or a whole page.
         */
        private void fitFirstPage() {
            int needed = Math.min(PAGE_BYTES, length);
            if (pages.length > 0 && pages[0] != null && pages[0].length < needed) {
                page(0, needed);
            }
        }

        byte[] read(int from, int to) {
            if (whole != null) {
                return Arrays.copyOfRange(whole, from, to);
            }
            byte[] out = new byte[to - from];
            int at = from;
            while (at < to) {
                int inPage = at & (PAGE_BYTES - 1);
                int n = Math.min(PAGE_BYTES - inPage, to - at);
                byte[] page = pages[at >>> PAGE_BITS];
                assert page == null || page.length >= inPage + n : "a page shorter than its file: " + page.length;
                if (page != null) {
                    System.arraycopy(page, inPage, out, at - from, n);
                }
                at += n;
            }
            return out;
        }

        byte get(int at) {
            if (whole != null) {
                return whole[at];
            }
            byte[] page = pages[at >>> PAGE_BITS];
            return page == null ? 0 : page[at & (PAGE_BYTES - 1)];
        }

        void flip(int at, byte mask) {
            splitIntoPages();
            page(at >>> PAGE_BITS, (at & (PAGE_BYTES - 1)) + 1)[at & (PAGE_BYTES - 1)] ^= mask;
        }

        void truncate(long size) {
            if (size < length) {
                splitIntoPages();
                int oldLength = length;
                length = (int) size;
                int keptPages = (int) ((size + PAGE_BYTES - 1) >>> PAGE_BITS);
                Arrays.fill(pages, keptPages, pages.length, null);
                int inPage = (int) (size & (PAGE_BYTES - 1));
                if (inPage != 0 && pages[keptPages - 1] != null) {
                    // Bytes past the old length are zero already: clear only the cut part of the page.
                    int oldEnd = (int) Math.min(PAGE_BYTES, oldLength - ((long) (keptPages - 1) << PAGE_BITS));
                    Arrays.fill(page(keptPages - 1, oldEnd), inPage, Math.max(inPage, oldEnd), (byte) 0);
                }
                if (keptPages < pages.length / 4) {
                    pages = Arrays.copyOf(pages, keptPages); // a shrunk file does not pin its old page table
                }
            }
        }

        void delete() {
            exists = false;
            whole = null;
            length = 0;
            pages = NO_PAGES;
            borrowed = null;
        }

        /**
         * A copy that borrows this one's pages until either writes one (copy-on-write: both mark
         * every page borrowed, and {@link #page} clones a borrowed page before writing it). The
         * explorer also copies node states that worlds share (frozen: never written again); marking
         * such an original borrowed changes nothing it will do.
         */
        Contents copy() {
            return copy(false);
        }

        /**
         * As {@link #copy()}; {@code frozen}: nothing writes this original again (a node state worlds
         * share, which each copies before a write), so only the copy marks its pages borrowed and
         * this one is not written at all (parallel searches copy one frozen original on two threads).
         */
        Contents copy(boolean frozen) {
            Contents c = new Contents();
            c.pages = pages.length == 0 ? pages : pages.clone(); // NO_PAGES stays the shared empty table
            c.whole = whole; // never written: shared as it is
            c.length = length;
            c.exists = exists;
            boolean[] shared = new boolean[pages.length];
            boolean any = false;
            for (int i = 0; i < pages.length; i++) {
                shared[i] = pages[i] != null;
                any |= shared[i];
            }
            if (any) {
                c.borrowed = shared;
                if (!frozen) {
                    borrowed = shared.clone();
                }
            }
            return c;
        }

        long hash() {
            long h = exists ? 1 : 0;
            if (whole != null) {
                for (int i = 0; i < length; i++) {
                    h = (h ^ whole[i]) * 0x100000001b3L;
                }
                return h ^ length;
            }
            for (int p = 0; p << PAGE_BITS < length; p++) {
                byte[] page = pages[p];
                int n = Math.min(PAGE_BYTES, length - (p << PAGE_BITS));
                for (int i = 0; i < n; i++) {
                    h = (h ^ (page == null ? 0 : page[i])) * 0x100000001b3L;
                }
            }
            return h ^ length;
        }

        /**
         * Page {@code index} to write its first {@code upTo} bytes: made if absent, cloned first if
         * borrowed (see {@link #copy}), lengthened if the first page is shorter (see the class comment).
         */
        private byte[] page(int index, int upTo) {
            byte[] page = pages[index];
            boolean isBorrowed = borrowed != null && index < borrowed.length && borrowed[index];
            if (isBorrowed) {
                borrowed[index] = false;
            }
            if (page == null) {
                // A first page made for a write inside the file (bit rot in a hole) still holds the
                // file's bytes up to its length or a whole page (the class invariant).
                page = new byte[index == 0 ? firstPageBytes(Math.max(upTo, Math.min(PAGE_BYTES, length))) : PAGE_BYTES];
            } else if (page.length < upTo) {
                page = Arrays.copyOf(page, firstPageBytes(upTo));
            } else if (isBorrowed) {
                page = page.clone();
            } else {
                return page;
            }
            pages[index] = page;
            return page;
        }

        /** The first page's length for {@code upTo} bytes: the next power of two, at least the minimum. */
        private static int firstPageBytes(int upTo) {
            return Math.max(FIRST_PAGE_MIN_BYTES, Integer.highestOneBit(Math.max(1, upTo - 1)) << 1);
        }

        private void ensurePages(int end) {
            int needed = (end + PAGE_BYTES - 1) >>> PAGE_BITS;
            if (needed > pages.length) {
                pages = Arrays.copyOf(pages, Math.max(needed, pages.length * 2));
            }
        }
    }
}
