package io.paxsim.sim;

/**
 * A pending event, as data: the scheduler (and later a systematic explorer) sees exactly what
 * would happen, to whom, and when. Ordered by (time, seq); seq is the insertion order.
 */
public sealed interface Event {
    long time();

    long seq();

    /** Target node, or -1 for world actions. */
    int node();

    /**
     * A message in flight. {@code payloadHash} is the message's {@link io.paxsim.sim.trace.Trace#payloadHash},
     * taken once at the send: the trace records it again at delivery (or drop, or hold).
     */
    record Deliver(long time, long seq, @NodeIds int from, @NodeIds int to, Message message, long payloadHash) implements Event {
        public Deliver(long time, long seq, int from, int to, Message message) {
            this(time, seq, from, to, message, io.paxsim.sim.trace.Trace.payloadHash(message));
        }

        @Override
        public int node() {
            return to;
        }
    }

    record TimerFire(long time, long seq, @NodeIds int node, int incarnation, long timerId, long generation) implements Event {
    }

    /** An fsync's completion: {@code files} synced together, {@code failedFiles} the ones that got EIO. */
    record FsyncDone(long time, long seq, @NodeIds int node, int incarnation, long requestId, java.util.List<String> files,
                     long barrier, java.util.List<String> failedFiles) implements Event {
        /** The first (for a single-file fsync, the only) file synced. */
        public String file() {
            return files.get(0);
        }

        /** True when no file's sync failed. */
        public boolean ok() {
            return failedFiles.isEmpty();
        }

        /** The same completion due at another time (held, then released; or chosen by an explorer). */
        public FsyncDone withTime(long newTime, long newSeq) {
            return new FsyncDone(newTime, newSeq, node, incarnation, requestId, files, barrier, failedFiles);
        }
    }

    record Action(long time, long seq, SimAction action) implements Event {
        @Override
        public int node() {
            return -1;
        }
    }
}
