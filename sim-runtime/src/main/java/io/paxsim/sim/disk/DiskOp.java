package io.paxsim.sim.disk;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A node's disk operation as traced (kinds DISK_WRITE, DISK_TRUNCATE, DISK_DELETE): data, so the trace hash covers it. */
public sealed interface DiskOp extends StableHash {
    String file();

    /** A write or append; {@code contentHash} covers the bytes; {@code status} is what the node was told. */
    record Write(String file, long offset, int length, long contentHash, WriteStatus status) implements DiskOp {
        private static final VarHandle LITTLE_ENDIAN_LONGS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        public static Write of(String file, long offset, byte[] data, WriteStatus status) {
            return new Write(file, offset, data.length, contentHash(data), status);
        }

        @Override
        public long stableHash() {
            return stableHash(file, offset, length, contentHash, status);
        }

        /** {@link #stableHash()} of {@code Write.of(file, offset, data, status)}, without making the record. */
        public static long stableHashOf(String file, long offset, byte[] data, WriteStatus status) {
            return stableHash(file, offset, data.length, contentHash(data), status);
        }

        /** {@link #stableHash()} of a write of {@code length} bytes whose {@link #contentHash} is given. */
        public static long stableHashOf(String file, long offset, int length, long contentHash, WriteStatus status) {
            return stableHash(file, offset, length, contentHash, status);
        }

        private static long stableHash(String file, long offset, int length, long contentHash, WriteStatus status) {
            long h = RandomStream.mix64(RandomStream.fnv1a64Cached(file) ^ offset);
            return RandomStream.mix64(h ^ length * 31L ^ contentHash ^ status.ordinal());
        }

        /** The last {@link #contentHashOfHandedOver} computed: its array (never changed after) and hash. */
        private record HandedOverHash(byte[] data, long hash) {
        }

        private static HandedOverHash lastHandedOver = new HandedOverHash(new byte[0], contentHash(new byte[0]));

        /**
         * {@link #contentHash} of bytes handed over to the disk ({@link NodeDisk#writeEachHandedOver}:
         * the caller never changes them after), remembered for the last array: a WAL compaction hands
         * its image (megabytes in a long list-append run) over once per mirror, and each was hashed
         * again. One entry, immutable, read once: a run on another thread hands over other arrays.
         */
        public static long contentHashOfHandedOver(byte[] data) {
            HandedOverHash last = lastHandedOver;
            if (last.data() == data) {
                return last.hash();
            }
            long hash = contentHash(data);
            lastHandedOver = new HandedOverHash(data, hash);
            return hash;
        }

        /**
         * A 64-bit hash of the written bytes, eight at a time (every write is hashed, so this is on
         * the hot path). Little-endian word reads are specified, so the value is the same on every JVM.
         */
        public static long contentHash(byte[] data) {
            long h = 0xcbf29ce484222325L ^ data.length;
            int i = 0;
            for (; i + Long.BYTES <= data.length; i += Long.BYTES) {
                h = Long.rotateLeft(h ^ (long) LITTLE_ENDIAN_LONGS.get(data, i), 29) * 0x9E3779B97F4A7C15L;
            }
            for (; i < data.length; i++) {
                h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
            }
            return RandomStream.mix64(h);
        }
    }

    record Truncate(String file, long size) implements DiskOp {
        @Override
        public long stableHash() {
            return RandomStream.mix64(RandomStream.fnv1a64Cached(file) ^ size);
        }
    }

    /** An fsync of several files in one request (traced as kind FSYNC; one file's fsync traces its name). */
    record Sync(java.util.List<String> files) implements DiskOp {
        @Override
        public String file() {
            return files.get(0);
        }

        @Override
        public long stableHash() {
            long h = 0x5c;
            for (String f : files) {
                h = RandomStream.mix64(h ^ RandomStream.fnv1a64Cached(f));
            }
            return h;
        }
    }

    record Delete(String file) implements DiskOp {
        @Override
        public long stableHash() {
            return RandomStream.fnv1a64Cached(file);
        }
    }
}
