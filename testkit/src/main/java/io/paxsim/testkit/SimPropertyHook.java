package io.paxsim.testkit;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ShrunkFalsifiedSample;

import java.util.Optional;

/** Applies {@link SimProperty}'s tries and seed rules, prints them, and makes a failure say what to run next. */
public final class SimPropertyHook implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        int tries = Integer.getInteger("paxsim.tries",
                context.findAnnotation(SimProperty.class).map(SimProperty::tries).orElse(10));
        context.attributes().setTries(tries);
        String seed = System.getProperty("paxsim.seed");
        if (seed == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            seed = SimProperty.CI_SEED;
        }
        if (seed != null) {
            context.attributes().setSeed(seed);
        }
        PropertyExecutionResult result = property.execute();
        String usedSeed = result.seed().orElse(seed == null ? "?" : seed);
        System.out.printf("paxsim property %s: %d tries, seed %s (rerun: -Dpaxsim.seed=%s -Dpaxsim.tries=%d) -> %s%n",
                context.label(), result.countTries(), usedSeed, usedSeed, tries, result.status());
        if (result.status() != PropertyExecutionResult.Status.FAILED) {
            return result;
        }
        return result.mapToFailed(new AssertionError(describe(context, result, usedSeed, tries),
                result.throwable().orElse(null)));
    }

    private static String describe(PropertyLifecycleContext context, PropertyExecutionResult result, String seed, int tries) {
        StringBuilder s = new StringBuilder("paxsim property " + context.label() + " failed after " + result.countTries()
                + " tries (jqwik seed " + seed + "; the same samples again: -Dpaxsim.seed=" + seed + " -Dpaxsim.tries=" + tries + ")");
        Optional<ShrunkFalsifiedSample> shrunk = result.shrunkSample();
        if (shrunk.isPresent()) {
            s.append("\nshrunk in ").append(shrunk.get().countShrinkingSteps()).append(" steps to:");
            for (Object p : shrunk.get().parameters()) {
                s.append("\n  ").append(p);
            }
            shrunk.get().falsifyingError().ifPresent(e -> s.append("\n").append(e.getMessage()));
        } else {
            result.originalSample().ifPresent(o -> o.parameters().forEach(p -> s.append("\n  ").append(p)));
            result.throwable().ifPresent(e -> s.append("\n").append(e.getMessage()));
        }
        return s.toString();
    }
}
