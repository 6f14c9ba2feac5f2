package io.paxsim.sim.disk;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

/** A node's disk operation as traced (kinds DISK_WRITE, DISK_TRUNCATE, DISK_DELETE): data, so the trace hash covers it. */
public sealed interface DiskOp extends StableHash {
    String file();

    /** A write or append; {@code contentHash} is FNV-1a over the bytes; {@code status} what the node was told. */
    record Write(String file, long offset, int length, long contentHash, WriteStatus status) implements DiskOp {
        @Override
        public long stableHash() {
            long h = RandomStream.mix64(RandomStream.fnv1a64(file) ^ offset);
            return RandomStream.mix64(h ^ length * 31L ^ contentHash ^ status.ordinal());
        }
    }

    record Truncate(String file, long size) implements DiskOp {
        @Override
        public long stableHash() {
            return RandomStream.mix64(RandomStream.fnv1a64(file) ^ size);
        }
    }

    record Delete(String file) implements DiskOp {
        @Override
        public long stableHash() {
            return RandomStream.fnv1a64(file);
        }
    }

    static long contentHash(byte[] data) {
        long h = 0xcbf29ce484222325L;
        for (byte b : data) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
