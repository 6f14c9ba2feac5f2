package io.paxsim.sim;

/**
 * A message between nodes. Protocols declare their messages as {@code record}s of a sealed
 * interface that extends this one, so a handler can switch over them exhaustively.
 */
public interface Message {
    /** Size on the wire, used by the bandwidth model and the bytes-per-op metric. */
    default int sizeBytes() {
        return 64;
    }
}
