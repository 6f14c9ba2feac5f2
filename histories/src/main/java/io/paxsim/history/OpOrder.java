package io.paxsim.history;

import java.util.HashMap;
import java.util.Map;

/**
 * The order a recorded history must keep: {@code :index} strictly increasing (a duplicate or a
 * step back means ops were lost, repeated or shuffled), and each process's {@code :time} never
 * going back (a process is one thread, its clock is monotonic). Times of different processes may
 * interleave a little out of order, as in Jepsen's own histories (Knossos' etcd mutex corpus),
 * where concurrent workers append their ops a few microseconds apart.
 */
final class OpOrder {
    private long lastIndex = -1;
    private long lastIndexLine;
    private boolean indexed;
    private final Map<Value, long[]> lastTimeOfProcess = new HashMap<>();

    void check(Op op, long line) {
        if (op.index() >= 0) {
            if (indexed && op.index() <= lastIndex) {
                throw new HistoryException((op.index() == lastIndex ? "duplicate :index " : ":index goes backwards: ")
                        + op.index() + " after :index " + lastIndex + " at line " + lastIndexLine, line);
            }
            indexed = true;
            lastIndex = op.index();
            lastIndexLine = line;
        }
        if (op.timeNanos() >= 0) {
            long[] last = lastTimeOfProcess.get(op.process());
            if (last == null) {
                lastTimeOfProcess.put(op.process(), new long[] {op.timeNanos(), line});
            } else if (op.timeNanos() < last[0]) {
                throw new HistoryException(":time goes backwards for process " + op.process() + ": " + op.timeNanos()
                        + " after " + last[0] + " at line " + last[1], line);
            } else {
                last[0] = op.timeNanos();
                last[1] = line;
            }
        }
    }
}
