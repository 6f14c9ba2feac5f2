package io.paxsim.faults;

/**
 * Renders numbers for descriptions and trace lines with integer arithmetic only. Trace strings
 * feed the trace hash, and {@code Double.toString} changed between JDK 17 and 19, so no double is
 * ever printed by the JDK here.
 */
final class Fmt {
    private Fmt() {
    }

    /** A probability with six decimals, e.g. {@code 0.250000}. */
    static String probability(double p) {
        long micros = Math.round(p * 1_000_000.0);
        return (micros / 1_000_000) + "." + pad(micros % 1_000_000, 6);
    }

    /** A duration in milliseconds with three decimals, e.g. {@code 1500.000ms}; sign kept. */
    static String nanos(long nanos) {
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        return sign + (abs / 1_000_000) + "." + pad((abs % 1_000_000) / 1000, 3) + "ms";
    }

    private static String pad(long value, int digits) {
        StringBuilder s = new StringBuilder(Long.toString(value));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        return s.toString();
    }
}
