package io.paxsim.testbed.load;

/**
 * How an open-loop load's arrival rate (operations per simulated second, over the whole cluster)
 * varies with simulated time: the variable-TPS canary. Every shape is a pure function of time so a
 * run replays exactly; transcendental functions use {@link StrictMath}.
 */
public sealed interface RateProfile {
    /** Arrival rate at {@code timeNanos} since the run began, in operations per second. */
    double rateAt(long timeNanos);

    /** An upper bound of {@link #rateAt} over all time (the thinning envelope). */
    double maxRate();

    /** The stable name used by the CLI and the reports. */
    String describe();

    record Constant(double opsPerSecond) implements RateProfile {
        public Constant {
            requirePositive("rate", opsPerSecond);
        }

        @Override
        public double rateAt(long timeNanos) {
            return opsPerSecond;
        }

        @Override
        public double maxRate() {
            return opsPerSecond;
        }

        @Override
        public String describe() {
            return "constant:" + opsPerSecond;
        }
    }

    /** Linear from {@code fromOpsPerSecond} to {@code toOpsPerSecond} over {@code rampNanos}, then flat. */
    record Ramp(double fromOpsPerSecond, double toOpsPerSecond, long rampNanos) implements RateProfile {
        public Ramp {
            requirePositive("ramp start rate", fromOpsPerSecond);
            requirePositive("ramp end rate", toOpsPerSecond);
            requirePositive("ramp length", rampNanos);
        }

        @Override
        public double rateAt(long timeNanos) {
            double fraction = Math.min(1.0, Math.max(0.0, (double) timeNanos / rampNanos));
            return fromOpsPerSecond + (toOpsPerSecond - fromOpsPerSecond) * fraction;
        }

        @Override
        public double maxRate() {
            return Math.max(fromOpsPerSecond, toOpsPerSecond);
        }

        @Override
        public String describe() {
            return "ramp:" + fromOpsPerSecond + "->" + toOpsPerSecond + "/" + rampNanos + "ns";
        }
    }

    /** {@code beforeOpsPerSecond} until {@code stepAtNanos}, {@code afterOpsPerSecond} from then on. */
    record Step(double beforeOpsPerSecond, double afterOpsPerSecond, long stepAtNanos) implements RateProfile {
        public Step {
            requirePositive("rate before the step", beforeOpsPerSecond);
            requirePositive("rate after the step", afterOpsPerSecond);
        }

        @Override
        public double rateAt(long timeNanos) {
            return timeNanos < stepAtNanos ? beforeOpsPerSecond : afterOpsPerSecond;
        }

        @Override
        public double maxRate() {
            return Math.max(beforeOpsPerSecond, afterOpsPerSecond);
        }

        @Override
        public String describe() {
            return "step:" + beforeOpsPerSecond + "->" + afterOpsPerSecond + "@" + stepAtNanos + "ns";
        }
    }

    /** {@code baseOpsPerSecond}, except {@code burstOpsPerSecond} for the first {@code burstNanos} of every period. */
    record Bursts(double baseOpsPerSecond, double burstOpsPerSecond, long periodNanos, long burstNanos)
            implements RateProfile {
        public Bursts {
            requirePositive("base rate", baseOpsPerSecond);
            requirePositive("burst rate", burstOpsPerSecond);
            requirePositive("burst period", periodNanos);
            if (burstNanos <= 0 || burstNanos > periodNanos) {
                throw new IllegalArgumentException("burst length must be in (0, period]: " + burstNanos);
            }
        }

        @Override
        public double rateAt(long timeNanos) {
            return Math.floorMod(timeNanos, periodNanos) < burstNanos ? burstOpsPerSecond : baseOpsPerSecond;
        }

        @Override
        public double maxRate() {
            return Math.max(baseOpsPerSecond, burstOpsPerSecond);
        }

        @Override
        public String describe() {
            return "bursts:" + baseOpsPerSecond + "/" + burstOpsPerSecond;
        }
    }

    /** {@code meanOpsPerSecond + amplitudeOpsPerSecond * sin(2 pi t / period)}, never below a tenth of the mean. */
    record Sinusoid(double meanOpsPerSecond, double amplitudeOpsPerSecond, long periodNanos) implements RateProfile {
        public Sinusoid {
            requirePositive("mean rate", meanOpsPerSecond);
            requirePositive("period", periodNanos);
            if (amplitudeOpsPerSecond < 0) {
                throw new IllegalArgumentException("amplitude must be >= 0: " + amplitudeOpsPerSecond);
            }
        }

        @Override
        public double rateAt(long timeNanos) {
            double phase = 2.0 * StrictMath.PI * ((double) Math.floorMod(timeNanos, periodNanos) / periodNanos);
            return Math.max(meanOpsPerSecond / 10, meanOpsPerSecond + amplitudeOpsPerSecond * StrictMath.sin(phase));
        }

        @Override
        public double maxRate() {
            return meanOpsPerSecond + amplitudeOpsPerSecond;
        }

        @Override
        public String describe() {
            return "sinusoid:" + meanOpsPerSecond + "+-" + amplitudeOpsPerSecond;
        }
    }

    private static void requirePositive(String what, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}
