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

    private FrozenLists(byte[] data, int[] starts, int[] keyHashes) {
        this.data = data;
        this.starts = starts;
        this.keyHashes = keyHashes;
        int capacity = Integer.highestOneBit(Math.max(4, keyHashes.length) * 2) * 2; // at most half full
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
     * with their keys' hashes. Their bytes are copied: the caller keeps {@code image}.
     */
    static FrozenLists of(byte[] image, int[] starts, int[] keyHashes) {
        return new FrozenLists(section(image, starts), starts, keyHashes);
    }

    /** The bytes of the entries at {@code starts} in {@code image}, copied; {@code starts} rebased onto the copy. */
    private static byte[] section(byte[] image, int[] starts) {
        int from = starts[0];
        byte[] data = java.util.Arrays.copyOfRange(image, from, starts[starts.length - 1]);
        for (int i = 0; i < starts.length; i++) {
            starts[i] -= from;
        }
        return data;
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

    /** The bytes of entries [from, to), as they lie in the snapshot. */
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
     * (the caller decodes them eagerly, which reports the damage as before). The entries' bytes are
     * copied: the caller keeps {@code buf}.
     */
    static FrozenLists parse(byte[] buf, int offset, int count, long[] digestOut) {
        int[] starts = new int[count + 1];
        int[] keyHashes = new int[count];
        int p = offset;
        long digest = 0;
        int prevKey = -1;
        int prevKeyLength = 0;
        for (int i = 0; i < count; i++) {
            starts[i] = p;
            if (buf.length - p < 4) {
                return null;
            }
            int keyLength = RecordFormat.readInt(buf, p);
            p += 4;
            if (keyLength < 0 || keyLength > buf.length - p) {
                return null;
            }
            int keyHash = 0;
            for (int k = p; k < p + keyLength; k++) {
                if (buf[k] < 0) { // not ASCII: the eager path decodes it as UTF-8
                    return null;
                }
                keyHash = 31 * keyHash + buf[k];
            }
            if (prevKey >= 0 && compare(buf, prevKey, prevKeyLength, p, keyLength) >= 0) {
                return null;
            }
            keyHashes[i] = keyHash;
            prevKey = p;
            prevKeyLength = keyLength;
            p += keyLength;
            if (buf.length - p < 5) {
                return null;
            }
            int n = RecordFormat.readInt(buf, p);
            int width = buf[p + 4] & 0xff;
            p += 5;
            if ((width != 1 && width != 2 && width != 4 && width != 8) || n < 0 || n > (buf.length - p) / width) {
                return null;
            }
            long chain = 0;
            long or = 0;
            for (int e = 0; e < n; e++, p += width) {
                long v = element(buf, p, width);
                chain = StateMachine.chainStep(chain, v);
                or |= v;
            }
            if (width != narrowest(or)) {
                return null;
            }
            digest += StateMachine.listTerm(keyHash, chain);
        }
        starts[count] = p;
        digestOut[0] = digest;
        return new FrozenLists(section(buf, starts), starts, keyHashes);
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
        int n = Math.min(aLength, bLength);
        int mismatch = java.util.Arrays.mismatch(buf, a, a + n, buf, b, b + n);
        if (mismatch >= 0) {
            return (buf[a + mismatch] & 0xff) - (buf[b + mismatch] & 0xff);
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
        FrozenLists one = parse(java.util.Arrays.copyOfRange(data, starts[i], starts[i + 1]), 0, 1, out);
        if (one == null) {
            throw new IllegalStateException("frozen entry " + i + " no longer parses");
        }
        return out[0];
    }
}
