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
        check(op.index(), op.timeNanos(), op.process(), line);
    }

    void check(long index, long timeNanos, Value process, long line) {
        if (index >= 0) {
            if (indexed && index <= lastIndex) {
                throw new HistoryException((index == lastIndex ? "duplicate :index " : ":index goes backwards: ")
                        + index + " after :index " + lastIndex + " at line " + lastIndexLine, line);
            }
            indexed = true;
            lastIndex = index;
            lastIndexLine = line;
        }
        if (timeNanos >= 0) {
            long[] last = lastTimeOfProcess.get(process);
            if (last == null) {
                lastTimeOfProcess.put(process, new long[] {timeNanos, line});
            } else if (timeNanos < last[0]) {
                throw new HistoryException(":time goes backwards for process " + process + ": " + timeNanos
                        + " after " + last[0] + " at line " + last[1], line);
            } else {
                last[0] = timeNanos;
                last[1] = line;
            }
        }
    }
}
