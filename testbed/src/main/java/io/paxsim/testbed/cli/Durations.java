package io.paxsim.testbed.cli;

import java.math.BigDecimal;

/** Parses durations such as {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 250us}; a bare number is seconds. */
final class Durations {
    /** Far beyond any sensible run, yet small enough that adding two never overflows a long. */
    static final long MAX_NANOS = 100_000L * 3_600_000_000_000L;

    private Durations() {
    }

    static long parseNanos(String option, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit;
        String number;
        if (t.endsWith("ms")) {
            unit = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us")) {
            unit = 1_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("ns")) {
            unit = 1L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = 1_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else {
            unit = 1_000_000_000L;
            number = t;
        }
        try {
            BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
            if (nanos.signum() <= 0) {
                throw new UserError(option + " must be a positive duration, got '" + text + "'");
            }
            if (nanos.compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0) {
                throw new UserError(option + " '" + text + "' is too large (at most " + format(MAX_NANOS) + ")");
            }
            return nanos.longValue();
        } catch (NumberFormatException e) {
            throw new UserError(option + ": '" + text + "' is not a duration (examples: 10s, 500ms, 2m)");
        }
    }

    /** For people, not for command lines: {@code 886.6 ms}, {@code 1.50 s}, {@code 12.0 us}, {@code 3 m 20 s}. */
    static String human(long nanos) {
        if (nanos < 1_000L) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        if (nanos < 60_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        long seconds = nanos / 1_000_000_000L;
        return String.format(java.util.Locale.ROOT, "%d m %02d s", seconds / 60, seconds % 60);
    }

    /** Exact, and readable back by {@link #parseNanos} (for the replay commands paxsim prints). */
    static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return (nanos / 1_000_000_000L) + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return (nanos / 1_000_000L) + "ms";
        }
        return java.math.BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
    }
}
