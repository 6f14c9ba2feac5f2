package io.paxsim.paxos;

/**
 * Lists of the state machine kept as a snapshot encoded them (key, length, width, elements, back to
 * back in key order), decoded one key at a time when an append or a read first needs it.
 * list-append keys retire after a few dozen appends, so almost every list of a long run is never
 * touched again: building tens of thousands of objects for them on every recovery, and encoding
 * them element by element on every snapshot, cost in proportion to the run's length. Here a
 * recovery checks the bytes and sums the digest in one pass without allocating per key, and a
 * snapshot copies the bytes of untouched keys in runs.
 *
 * <p>Only canonical entries are kept this way (ASCII keys in strictly ascending order, each list at
 * the width encode would choose): their bytes are exactly what encoding the decoded list writes, so
 * a snapshot taken from frozen lists is byte for byte the one the eager form would write. Anything
 * else (damaged bytes a mutant trusts) takes the eager path, as before. Immutable: copies share it.
 */
final class FrozenLists {
    /** Below this many bytes of lists a state stays eager (small states, the explorer's, stay as they were). */
    static final int MIN_BYTES = 1 << 15;

    /**
     * The snapshot image the entries lie in, kept whole and never written: a copy of the list section
     * per snapshot and per decode (five replicas, a state of megabytes at 1M list-append ops) was 5%
     * of such a run's allocation, and lived as long as the image it duplicated.
     */
    private final byte[] data;
    /** Entry i spans data[starts[i], starts[i + 1]). */
    private final int[] starts;
    /** Entry i's key's {@link String#hashCode}. */
    private final int[] keyHashes;
    /**
     * By key hash, open addressing: the key's hash in the upper half, its entry index + 1 in the lower
     * (0: empty). An append or read of a key this does not hold (every new key, every read of a key
     * never written) is answered from this array alone, without a binary search of string comparisons.
     */
    private final long[] byHash;
    /**
     * Entry i's digest term as {@link #parse} computed it from entry i's bytes; null when these
     * entries were not parsed (encode made them). Lets a later parse reuse the term of an entry
     * whose bytes it finds unchanged ({@link #lastParsed}).
     */
    private final long[] terms;

    /**
     * The entries the last {@link #parse} (of any state machine, on any thread) returned: the
     * reference the next parse compares its entries with. Every replica of a run holds the same
     * retired keys with the same lists, so a recovery or an install finds almost every entry of its
     * snapshot here byte for byte, and reuses its term instead of hashing every element again (the
     * hash chain was most of a recovery at 1M ops). A pure cache of a function of the bytes: what a
     * parse returns does not depend on it. Shared by parallel runs, which is safe because its value
     * is immutable (final fields): a racing writer only changes which reference the other thread
     * compares with, never a result.
     */
    private static FrozenLists lastParsed;

    private FrozenLists(byte[] data, int[] starts, int[] keyHashes, long[] terms) {
        this.data = data;
        this.starts = starts;
        this.keyHashes = keyHashes;
        this.terms = terms;
        // At most two thirds full: a probe of the next slots mostly stays in the cache line, and the table
        // (rebuilt at every snapshot and decode, five replicas, ~40k keys at 1M list-append ops) is
        // half what "at most half full" took (up to 32 bytes a key, ~190 MB of such a run's allocation).
        int capacity = Integer.highestOneBit(Math.max(4, keyHashes.length) * 3 / 2) * 2;
        byHash = new long[capacity];
        for (int i = 0; i < keyHashes.length; i++) {
            int at = bucket(keyHashes[i], capacity);
            while (byHash[at] != 0) {
                at = (at + 1) & (capacity - 1);
            }
            byHash[at] = ((long) keyHashes[i] << 32) | (i + 1);
        }
    }

    /**
     * Entries already known canonical (encode just wrote them) at {@code starts} in {@code image},
     * with their keys' hashes. {@code image} is kept, not copied (see {@link #data}): nothing may
     * change it afterwards.
     */
    static FrozenLists of(byte[] image, int[] starts, int[] keyHashes) {
        return new FrozenLists(image, starts, keyHashes, null);
    }

    private static int bucket(int keyHash, int capacity) {
        return (keyHash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(capacity));
    }

    /** The entry holding {@code key}, or -1. */
    int find(String key) {
        int hash = key.hashCode();
        int mask = byHash.length - 1;
        for (int at = bucket(hash, byHash.length); byHash[at] != 0; at = (at + 1) & mask) {
            long slot = byHash[at];
            if ((int) (slot >>> 32) == hash && compareKey((int) slot - 1, key) == 0) {
                return (int) slot - 1;
            }
        }
        return -1;
    }

    /** Entry {@code i}'s key's hash. */
    int keyHash(int i) {
        return keyHashes[i];
    }

    int count() {
        return starts.length - 1;
    }

    /** Where entry {@code entry} starts in {@link #data()}. */
    int start(int entry) {
        return starts[entry];
    }

    byte[] data() {
        return data;
    }

    /** The bytes entries [from, to) take. */
    int bytes(int from, int to) {
        return starts[to] - starts[from];
    }

    /**
     * The entries of a snapshot's list section of {@code count} entries from {@code offset}, with the
     * sum of their digest terms in {@code digestOut[0]}; null when one is not canonical or damaged
     * (the caller decodes them eagerly, which reports the damage as before). {@code buf} is kept, not
     * copied: nothing may change it afterwards.
     */
    static FrozenLists parse(byte[] buf, int offset, int count, long[] digestOut) {
        FrozenLists parsed = parse(buf, offset, count, digestOut, lastParsed);
        if (parsed != null) {
            lastParsed = parsed;
        }
        return parsed;
    }

    /**
     * {@link #parse} comparing with {@code reference} (null: none): an entry whose bytes equal the
     * reference's entry of the same key takes that entry's key hash and term (the reference parsed
     * exactly those bytes, so it computed what this parse would); every other entry is checked and
     * hashed here. Entries are self-delimiting, so equal bytes over the reference entry's length are
     * the same entry. The key order is checked for every entry either way. Same result as with no
     * reference, whatever the reference holds.
     */
    static FrozenLists parse(byte[] buf, int offset, int count, long[] digestOut, FrozenLists reference) {
        Matcher matcher = new Matcher(reference);
        int[] starts = new int[count + 1];
        int[] keyHashes = new int[count];
        long[] terms = new long[count];
        int p = offset;
        long digest = 0;
        int prevKey = -1;
        int prevKeyLength = 0;
        for (int i = 0; i < count; i++) {
            starts[i] = p;
            int end = matcher.reuse(buf, p);
            if (end >= 0) {
                keyHashes[i] = matcher.keyHash;
                terms[i] = matcher.term;
            } else {
                end = hashEntry(buf, p, keyHashes, terms, i);
                if (end < 0) {
                    return null;
                }
                matcher.skipPast(buf, p + 4, RecordFormat.readInt(buf, p));
            }
            int key = p + 4;
            int keyLength = RecordFormat.readInt(buf, p);
            if (prevKey >= 0 && compare(buf, prevKey, prevKeyLength, key, keyLength) >= 0) {
                return null;
            }
            prevKey = key;
            prevKeyLength = keyLength;
            digest += terms[i];
            p = end;
        }
        starts[count] = p;
        digestOut[0] = digest;
        return new FrozenLists(buf, starts, keyHashes, terms);
    }

    /**
     * Checks the entry at {@code p} (ASCII key, list length and width in bounds, canonical width)
     * and hashes its key and elements into {@code keyHashes[i]} and {@code terms[i]}; returns where
     * the entry ends, or -1 when it is not canonical or is damaged.
     */
    private static int hashEntry(byte[] buf, int p, int[] keyHashes, long[] terms, int i) {
        if (buf.length - p < 4) {
            return -1;
        }
        int keyLength = RecordFormat.readInt(buf, p);
        p += 4;
        if (keyLength < 0 || keyLength > buf.length - p) {
            return -1;
        }
        int keyHash = 0;
        for (int k = p; k < p + keyLength; k++) {
            if (buf[k] < 0) { // not ASCII: the eager path decodes it as UTF-8
                return -1;
            }
            keyHash = 31 * keyHash + buf[k];
        }
        p += keyLength;
        if (buf.length - p < 5) {
            return -1;
        }
        int n = RecordFormat.readInt(buf, p);
        int width = buf[p + 4] & 0xff;
        p += 5;
        if ((width != 1 && width != 2 && width != 4 && width != 8) || n < 0 || n > (buf.length - p) / width) {
            return -1;
        }
        long chain = 0;
        long or = 0;
        for (int e = 0; e < n; e++, p += width) {
            long v = element(buf, p, width);
            chain = StateMachine.chainStep(chain, v);
            or |= v;
        }
        if (width != narrowest(or)) {
            return -1;
        }
        keyHashes[i] = keyHash;
        terms[i] = StateMachine.listTerm(keyHash, chain);
        return p;
    }

    /**
     * Walks a parsed reference's entries beside the entries being parsed (both in key order): at
     * each entry, the reference's next entry either has the same bytes (reused) or is passed over
     * once the parse has gone beyond its key.
     */
    private static final class Matcher {
        private final FrozenLists reference;
        private int next;
        int keyHash;
        long term;

        Matcher(FrozenLists reference) {
            this.reference = reference == null || reference.terms == null ? null : reference;
        }

        /** Where the entry at {@code p} ends when its bytes are the reference's next entry's (its hash and term then set); else -1. */
        int reuse(byte[] buf, int p) {
            if (reference == null || next >= reference.count()) {
                return -1;
            }
            int from = reference.starts[next];
            int length = reference.starts[next + 1] - from;
            if (length > buf.length - p || !java.util.Arrays.equals(buf, p, p + length, reference.data, from, from + length)) {
                return -1;
            }
            keyHash = reference.keyHashes[next];
            term = reference.terms[next];
            next++;
            return p + length;
        }

        /** Passes over the reference's entries whose keys are not above the key at {@code key} ({@code keyLength} bytes) in {@code buf}. */
        void skipPast(byte[] buf, int key, int keyLength) {
            while (reference != null && next < reference.count()) {
                int at = reference.starts[next];
                int length = RecordFormat.readInt(reference.data, at);
                if (compare(reference.data, at + 4, length, buf, key, keyLength) > 0) {
                    return;
                }
                next++;
            }
        }
    }

    /** The width encode writes a list in whose elements or to {@code or} (negative when one is). */
    private static int narrowest(long or) {
        return or < 0 || or >= 1L << 32 ? 8 : or >= 1 << 16 ? 4 : or >= 1 << 8 ? 2 : 1;
    }

    private static long element(byte[] buf, int p, int width) {
        if (width == 1) {
            return buf[p] & 0xff;
        }
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (buf[p + i] & 0xff);
        }
        return v;
    }

    /** Unsigned byte order, shorter first on a common prefix: String order for ASCII keys. */
    private static int compare(byte[] buf, int a, int aLength, int b, int bLength) {
        return compare(buf, a, aLength, buf, b, bLength);
    }

    /** As above, the keys in two arrays. */
    private static int compare(byte[] aBuf, int a, int aLength, byte[] bBuf, int b, int bLength) {
        int n = Math.min(aLength, bLength);
        int mismatch = java.util.Arrays.mismatch(aBuf, a, a + n, bBuf, b, b + n);
        if (mismatch >= 0) {
            return (aBuf[a + mismatch] & 0xff) - (bBuf[b + mismatch] & 0xff);
        }
        return aLength - bLength;
    }

    /** Entry {@code i}'s key compared with {@code key} (String order). */
    private int compareKey(int i, String key) {
        int p = starts[i];
        int length = RecordFormat.readInt(data, p);
        p += 4;
        int n = Math.min(length, key.length());
        for (int k = 0; k < n; k++) {
            int c = (data[p + k] & 0xff) - key.charAt(k);
            if (c != 0) {
                return c;
            }
        }
        return length - key.length();
    }

    /** The first entry whose key is not below {@code key} ({@link #count} when none). */
    int lowerBound(String key) {
        int lo = 0;
        int hi = count();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKey(mid, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** True when entry {@code i} exists and holds {@code key}. */
    boolean holds(int i, String key) {
        return i < count() && compareKey(i, key) == 0;
    }

    /** Entry {@code i}'s list, decoded as the eager path decodes it (same capacity, same chain). */
    StateMachine.AppendOnlyList list(int i) {
        int p = starts[i];
        p += 4 + RecordFormat.readInt(data, p);
        int n = RecordFormat.readInt(data, p);
        int width = data[p + 4] & 0xff;
        p += 5;
        StateMachine.AppendOnlyList list = new StateMachine.AppendOnlyList(n);
        for (int e = 0; e < n; e++, p += width) {
            list.add(element(data, p, width));
        }
        return list;
    }

    /** Entry {@code i}'s key. */
    String key(int i) {
        int p = starts[i];
        return new String(data, p + 4, RecordFormat.readInt(data, p), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Entry {@code i}'s digest term, recomputed from its bytes (tests compare it with the running digest). */
    long recomputeTerm(int i) {
        long[] out = new long[1];
        FrozenLists one = parse(java.util.Arrays.copyOfRange(data, starts[i], starts[i + 1]), 0, 1, out, null);
        if (one == null) {
            throw new IllegalStateException("frozen entry " + i + " no longer parses");
        }
        return out[0];
    }
}
