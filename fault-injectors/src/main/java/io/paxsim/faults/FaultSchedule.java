package io.paxsim.faults;

import io.paxsim.sim.Simulation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * A run's faults as data: entries ordered by start time. Printable ({@link #describe}), saved and
 * loaded as JSON ({@link FaultScheduleJson}), and replayed exactly as given ({@link #install}).
 *
 * @param profile the profile that generated it ("none", "chaos", ... or "custom")
 * @param comment how it was generated (swarm's choices, say); informational only
 * @param entries the faults, by non-decreasing start time
 */
public record FaultSchedule(String profile, String comment, List<ScheduleEntry> entries) {
    /** Entries beyond this are a generator bug, not a schedule. */
    public static final int MAX_ENTRIES = 100_000;

    public FaultSchedule {
        if (profile == null || comment == null || entries == null) {
            throw new IllegalArgumentException("a fault schedule needs a profile, a comment and entries");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a fault schedule holds at most " + MAX_ENTRIES + " entries: " + entries.size());
        }
        entries = List.copyOf(entries);
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).startNanos() < entries.get(i - 1).startNanos()) {
                throw new IllegalArgumentException("fault schedule entries must be ordered by start time: entry "
                        + i + " starts before entry " + (i - 1));
            }
        }
    }

    public static FaultSchedule empty(String profile) {
        return new FaultSchedule(profile, "", List.of());
    }

    /** Orders the entries by start time (stable: ties keep their order). */
    public static FaultSchedule sorted(String profile, String comment, List<ScheduleEntry> entries) {
        List<ScheduleEntry> copy = new ArrayList<>(entries);
        copy.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return new FaultSchedule(profile, comment, copy);
    }

    public int size() {
        return entries.size();
    }

    /** The same entries described by {@code newComment} (a bound that changed them says so). */
    public FaultSchedule withComment(String newComment) {
        return new FaultSchedule(profile, newComment, entries);
    }

    /** The same schedule with only the given entries (for shrinking); order is preserved. */
    public FaultSchedule withEntries(List<ScheduleEntry> subset) {
        return sorted(profile, comment, subset);
    }

    /** The same schedule with only the entries whose index is set (the shrinker's view). */
    public FaultSchedule keep(BitSet indices) {
        if (indices.length() > entries.size()) {
            throw new IllegalArgumentException("index " + (indices.length() - 1) + " is past the last of "
                    + entries.size() + " entries");
        }
        List<ScheduleEntry> kept = new ArrayList<>();
        for (int i = indices.nextSetBit(0); i >= 0; i = indices.nextSetBit(i + 1)) {
            kept.add(entries.get(i));
        }
        return new FaultSchedule(profile, comment, kept);
    }

    /** The same schedule without entry {@code index}. */
    public FaultSchedule without(int index) {
        List<ScheduleEntry> copy = new ArrayList<>(entries);
        copy.remove(index);
        return new FaultSchedule(profile, comment, copy);
    }

    /** Entries that start before {@code timeNanos} (for a shorter run). */
    public FaultSchedule truncatedAt(long timeNanos) {
        List<ScheduleEntry> kept = new ArrayList<>();
        for (ScheduleEntry e : entries) {
            if (e.startNanos() < timeNanos) {
                kept.add(e);
            }
        }
        return new FaultSchedule(profile, comment, kept);
    }

    /** Stable names of the faults used, in first-use order. */
    public List<String> faultNames() {
        List<String> names = new ArrayList<>();
        for (ScheduleEntry e : entries) {
            if (!names.contains(e.fault().name())) {
                names.add(e.fault().name());
            }
        }
        return Collections.unmodifiableList(names);
    }

    /** Schedules every entry's start and end on {@code sim} (at or after its current time). */
    public FaultInjector install(Simulation sim, ClusterView view) {
        return new FaultInjector(this).install(sim, view);
    }

    /** One line per entry, numbered as the trace numbers them (for a run summary). */
    public List<String> describeLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            lines.add("#" + i + " " + entries.get(i).describe());
        }
        return Collections.unmodifiableList(lines);
    }

    /** A header, the comment and one line per entry. */
    public String describe() {
        StringBuilder s = new StringBuilder("fault schedule (profile " + profile + ", " + entries.size() + " entries)");
        if (!comment.isEmpty()) {
            s.append("\n  ").append(comment);
        }
        for (int i = 0; i < entries.size(); i++) {
            s.append("\n  #").append(i).append(' ').append(entries.get(i).describe());
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
