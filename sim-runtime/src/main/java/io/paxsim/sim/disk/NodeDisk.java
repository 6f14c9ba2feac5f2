package io.paxsim.sim.disk;

import java.util.List;

/**
 * A node's view of its own disk: named files with POSIX-like buffered I/O. Writes land in a
 * volatile page cache at once (and reads see them); they become durable only when an
 * {@link #fsync} issued after them completes, which arrives later as a
 * {@link io.paxsim.sim.Node#onDiskDone} event. On a crash each write still in the cache
 * independently survives, is lost, or is torn at sector granularity.
 */
public interface NodeDisk {
    int SECTOR_BYTES = 512;

    /** File names in sorted order. */
    List<String> files();

    boolean exists(String file);

    long size(String file);

    /**
     * Reads up to {@code length} bytes at {@code offset} (fewer at end of file).
     *
     * @throws DiskReadException when a latent sector error covers part of the range
     */
    byte[] read(String file, long offset, int length);

    /** The whole file; same errors as {@link #read}. */
    byte[] readAll(String file);

    /** Writes into the page cache; extends the file with zeros if {@code offset} is past its end. */
    WriteStatus write(String file, long offset, byte[] data);

    /**
     * The same bytes written to several places, in order: {@code write(files[i], offsets[i], data)}
     * for each i (traced the same way), except that the disk copies and hashes the bytes once, not
     * once per place (a log writes each record to two mirrors, a superblock to four places).
     * {@code stopAtFailure}: no write after the first one that is not OK. Returns the index of the
     * first write that was not OK, or -1 when every write was.
     */
    default int writeEach(String[] files, long[] offsets, byte[] data, boolean stopAtFailure) {
        if (files.length != offsets.length) {
            throw new IllegalArgumentException(files.length + " files but " + offsets.length + " offsets");
        }
        int firstFailure = -1;
        for (int i = 0; i < files.length; i++) {
            if (write(files[i], offsets[i], data) != WriteStatus.OK) {
                if (firstFailure < 0) {
                    firstFailure = i;
                }
                if (stopAtFailure) {
                    break;
                }
            }
        }
        return firstFailure;
    }

    /**
     * {@link #writeEach} of bytes the caller hands over: the disk may keep {@code data} itself as
     * the content of every write instead of a copy, so the caller must never change it afterwards
     * (a record it has just encoded, say). The default copies, as {@link #writeEach} does.
     */
    default int writeEachHandedOver(String[] files, long[] offsets, byte[] data, boolean stopAtFailure) {
        return writeEach(files, offsets, data, stopAtFailure);
    }

    /** Appends at the current end of the file (as seen in the cache). */
    WriteStatus append(String file, byte[] data);

    void truncate(String file, long size);

    void delete(String file);

    /**
     * Makes every write, truncate and delete issued so far on {@code file} durable. Returns a
     * request id; completion (success or EIO) comes as a {@link DiskDone} event.
     */
    long fsync(String file);

    /**
     * One fsync over several files issued together (a log's mirror copies, say), answered by one
     * {@link DiskDone}: as an fsync of each, except that all complete at the same instant. Each
     * file's sync can still fail on its own ({@link DiskDone#failedFiles}). Costs the simulation
     * one completion event instead of one per file.
     */
    long fsync(List<String> files);
}
