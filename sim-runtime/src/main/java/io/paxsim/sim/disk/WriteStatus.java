package io.paxsim.sim.disk;

public enum WriteStatus {
    OK,
    /** The disk's capacity would be exceeded (ENOSPC); nothing was written. */
    DISK_FULL
}
