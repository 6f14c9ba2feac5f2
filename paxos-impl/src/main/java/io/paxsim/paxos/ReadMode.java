package io.paxsim.paxos;

import java.util.Locale;

/** How read-only commands are served. */
public enum ReadMode {
    /** Reads are ordered through the log like writes (default; needs no timing assumption). */
    LOG("log", "reads go through the log like writes"),
    /** The leader confirms it still leads with a heartbeat round to a quorum, then reads its applied state. */
    READ_INDEX("read-index", "leader confirms leadership with a heartbeat quorum, then reads locally"),
    /** The leader reads locally while it holds a lease (assumes bounded clock drift). */
    LEASE("lease", "leader reads locally under a lease; assumes bounded clock drift");

    private final String cliName;
    private final String description;

    ReadMode(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public static ReadMode byName(String name) {
        for (ReadMode m : values()) {
            if (m.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown read mode '" + name + "' (known: log, read-index, lease)");
    }
}
