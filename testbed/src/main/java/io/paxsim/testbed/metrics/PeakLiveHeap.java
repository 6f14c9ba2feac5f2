package io.paxsim.testbed.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The highest heap occupancy right after a garbage collection, over the time it listens: the live
 * set (plus whatever garbage the collector kept), without the garbage a used-heap or peak-used
 * figure counts. It only knows what the collections it saw left; {@link #collections()} says how many.
 */
public final class PeakLiveHeap implements NotificationListener, AutoCloseable {
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(pool -> pool.getName()).collect(Collectors.toSet());
    private volatile long peakBytes;
    private volatile int collections;

    private PeakLiveHeap() {
    }

    /** Listens to every collector from now on, until {@link #close()}. */
    public static PeakLiveHeap start() {
        PeakLiveHeap p = new PeakLiveHeap();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(p, null, null);
                p.emitters.add(e);
            }
        }
        return p;
    }

    /** Heap in use now: live objects and garbage alike. */
    public static long usedBytesNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        synchronized (this) {
            peakBytes = Math.max(peakBytes, used);
            collections++;
        }
    }

    /** The highest heap in use after a collection since {@link #start()}; 0 when none ran. */
    public long peakBytes() {
        return peakBytes;
    }

    /** How many collections finished since {@link #start()} (as notified so far). */
    public int collections() {
        return collections;
    }

    /** What was seen so far, with the heap in use now. */
    public Reading read() {
        synchronized (this) {
            return new Reading(peakBytes, collections, usedBytesNow());
        }
    }

    /** A figure that says what it counts: the live peak when a collection ran, else all heap in use. */
    public record Reading(long peakLiveBytes, int collections, long usedBytes) {
        public String describe() {
            return collections > 0
                    ? String.format(Locale.ROOT, "peak live heap %.0f MB (in use after GC, highest of %d GCs)", peakLiveBytes / 1e6, collections)
                    : String.format(Locale.ROOT, "heap %.0f MB in use, no GC ran (live and garbage)", usedBytes / 1e6);
        }
    }

    @Override
    public void close() {
        for (var e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already removed
            }
        }
        emitters.clear();
    }
}
