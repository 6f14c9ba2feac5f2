package io.paxsim.paxos.api;

/** One operation inside a list-append transaction. */
public sealed interface MicroOp {
    String key();

    record Append(String key, long value) implements MicroOp {
    }

    record ReadList(String key) implements MicroOp {
    }
}
