package io.paxsim.checkers.linear;

import java.util.Arrays;

/**
 * The WGL memo: the set of visited (linearized calls, model state) pairs, in primitive arrays so
 * its size in bytes is known exactly and bounded by the search budget.
 *
 * <p>A pair is stored as one record of longs in an append-only paged arena: its 64-bit hash, a
 * header (state number, encoding, payload length), the linearized set's extent, and the set's
 * compact encoding made by {@link WglSearch} (see there: usually a handful of call numbers, not a
 * bitset over the whole history). Model states are interned to dense numbers once. The lookup
 * table is open addressing over longs: 32 bits of hash tag (whose low bits are the slot) and 32
 * bits of arena offset.
 */
final class SearchMemo {
    /** Estimated bytes per interned state beyond the model's own estimate (table slots, header). */
    static final long STATE_OVERHEAD_BYTES = 48;
    private static final int HEADER_LONGS = 3;
    private static final int MIN_PAGE_LONGS = 1 << 10;

    private final int pageShift;
    private final int pageLongs;
    private final long maxBytes;
    private long[][] pages = new long[8][];
    private int pageCount;
    private int pageFill;
    private long[] table = new long[1 << 10];
    private int size;

    private Object[] stateKeys = new Object[1 << 6];
    private int[] stateIds = new int[1 << 6];
    private int stateCount;
    private long stateBytes;

    /** Records that held this many payload longs at most can be stored. */
    SearchMemo(int maxPayloadLongs, long maxBytes) {
        int needed = Math.max(MIN_PAGE_LONGS, maxPayloadLongs + HEADER_LONGS);
        this.pageShift = 32 - Integer.numberOfLeadingZeros(needed - 1);
        this.pageLongs = 1 << pageShift;
        this.maxBytes = maxBytes;
    }

    int size() {
        return size;
    }

    /** Bytes held: arena pages, lookup table, interned states (by the model's estimate). */
    long bytes() {
        return (long) pageCount * pageLongs * 8 + (long) table.length * 8 + (long) stateKeys.length * 12 + stateBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * The dense number of {@code state}, interned on first sight; -1 when interning it would pass
     * the byte budget. {@code estimatedBytes} is the model's estimate of the state's size.
     */
    int stateId(Object state, long estimatedBytes) {
        int mask = stateKeys.length - 1;
        int slot = (int) StateHash.mix(state.hashCode()) & mask;
        Object k;
        while ((k = stateKeys[slot]) != null) {
            if (k.equals(state)) {
                return stateIds[slot];
            }
            slot = (slot + 1) & mask;
        }
        long cost = STATE_OVERHEAD_BYTES + estimatedBytes;
        if (bytes() + cost > maxBytes) {
            return -1;
        }
        stateKeys[slot] = state;
        stateIds[slot] = stateCount++;
        stateBytes += cost;
        if (stateCount * 2 > stateKeys.length) {
            growStates();
        }
        return stateCount - 1;
    }

    private void growStates() {
        Object[] oldKeys = stateKeys;
        int[] oldIds = stateIds;
        stateKeys = new Object[oldKeys.length * 2];
        stateIds = new int[oldKeys.length * 2];
        int mask = stateKeys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = (int) StateHash.mix(oldKeys[i].hashCode()) & mask;
                while (stateKeys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                stateKeys[slot] = oldKeys[i];
                stateIds[slot] = oldIds[i];
            }
        }
    }

    /** {@link #add} found the pair already present. */
    static final int PRESENT = 0;
    /** {@link #add} stored the pair. */
    static final int ADDED = 1;
    /** {@link #add} could not store the pair within the byte budget. */
    static final int FULL = -1;

    /**
     * Adds the pair whose hash is {@code hash} and whose encoding is {@code header}, {@code extent}
     * and {@code payload[0..header's length)}. Returns {@link #ADDED}, {@link #PRESENT} or {@link #FULL}.
     */
    int add(long hash, long header, long extent, long[] payload) {
        int length = (int) (header & 0x7FFF_FFFFL);
        int mask = table.length - 1;
        int tag = (int) hash;
        int slot = tag & mask;
        long entry;
        while ((entry = table[slot]) != 0) {
            if ((int) (entry >>> 32) == tag && matches((int) entry - 1, hash, header, extent, payload, length)) {
                return PRESENT;
            }
            slot = (slot + 1) & mask;
        }
        int offset = store(hash, header, extent, payload, length);
        if (offset < 0) {
            return FULL;
        }
        table[slot] = ((long) tag << 32) | (offset + 1L);
        if (++size * 2 > table.length) {
            if (bytes() + (long) table.length * 8 > maxBytes) {
                return FULL;
            }
            growTable();
        }
        return ADDED;
    }

    private boolean matches(int offset, long hash, long header, long extent, long[] payload, int length) {
        long[] page = pages[offset >>> pageShift];
        int at = offset & (pageLongs - 1);
        if (page[at] != hash || page[at + 1] != header || page[at + 2] != extent) {
            return false;
        }
        return Arrays.equals(page, at + HEADER_LONGS, at + HEADER_LONGS + length, payload, 0, length);
    }

    private int store(long hash, long header, long extent, long[] payload, int length) {
        int need = HEADER_LONGS + length;
        if (pageCount == 0 || pageFill + need > pageLongs) {
            if (bytes() + (long) pageLongs * 8 > maxBytes || ((long) pageCount + 1) << pageShift > Integer.MAX_VALUE) {
                return -1;
            }
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, pageCount * 2);
            }
            pages[pageCount++] = new long[pageLongs];
            pageFill = 0;
        }
        long[] page = pages[pageCount - 1];
        int at = pageFill;
        page[at] = hash;
        page[at + 1] = header;
        page[at + 2] = extent;
        System.arraycopy(payload, 0, page, at + HEADER_LONGS, length);
        pageFill += need;
        return ((pageCount - 1) << pageShift) | at;
    }

    private void growTable() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long entry : old) {
            if (entry != 0) {
                // The slot comes from the tag's low bits, so rehashing never touches the arena.
                int slot = (int) (entry >>> 32) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = entry;
            }
        }
    }
}
