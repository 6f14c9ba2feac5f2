package io.paxsim.sim.disk;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

import java.util.List;

/**
 * Completion of an fsync of one file, or of several issued together ({@link NodeDisk#fsync(List)}):
 * {@code failedFiles} are those whose sync returned EIO (durability of their writes unknown).
 */
public record DiskDone(long requestId, List<String> files, List<String> failedFiles) implements StableHash {
    public DiskDone {
        files = List.copyOf(files);
        failedFiles = List.copyOf(failedFiles);
        if (files.isEmpty() || !files.containsAll(failedFiles)) {
            throw new IllegalArgumentException("an fsync completion names its files, and only those can fail: " + files
                    + ", failed " + failedFiles);
        }
    }

    /** The completion of a single file's fsync. */
    public DiskDone(long requestId, String file, boolean ok) {
        this(requestId, List.of(file), ok ? List.of() : List.of(file));
    }

    /** The first (for a single-file fsync, the only) file synced. */
    public String file() {
        return files.get(0);
    }

    /** True when every file's sync succeeded. */
    public boolean ok() {
        return failedFiles.isEmpty();
    }

    public boolean failed(String file) {
        return failedFiles.contains(file);
    }

    @Override
    public long stableHash() {
        long h = requestId * 31;
        for (String f : files) {
            h = RandomStream.mix64(h ^ RandomStream.fnv1a64Cached(f));
        }
        for (String f : failedFiles) {
            h = RandomStream.mix64(h ^ ~RandomStream.fnv1a64Cached(f));
        }
        return h;
    }
}
