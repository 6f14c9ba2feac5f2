package io.paxsim.sim.disk;

/** A read hit a latent sector error (EIO on read). The sector reads again once rewritten. */
public final class DiskReadException extends RuntimeException {
    private final String file;
    private final long sector;

    public DiskReadException(String file, long sector) {
        super("latent sector error reading " + file + " sector " + sector, null, false, false);
        this.file = file;
        this.sector = sector;
    }

    public String file() {
        return file;
    }

    public long sector() {
        return sector;
    }
}
