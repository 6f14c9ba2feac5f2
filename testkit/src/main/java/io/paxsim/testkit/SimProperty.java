package io.paxsim.testkit;

import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A jqwik {@code @Property} over simulated runs. Tries come from {@code -Dpaxsim.tries=N} (else
 * {@link #tries()}); the jqwik seed from {@code -Dpaxsim.seed=S}, else fixed to {@link #CI_SEED} when
 * the environment has {@code CI=true} (so CI runs the same samples every time), else random. The
 * seed and tries are printed for every property; a failure reports the jqwik seed, the shrunk run
 * with its fault schedule, and where its files are and how to replay it.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Property(shrinking = ShrinkingMode.FULL)
@AddLifecycleHook(SimPropertyHook.class)
public @interface SimProperty {
    /** The jqwik seed CI runs with unless {@code -Dpaxsim.seed} says otherwise. */
    String CI_SEED = "20261203";

    /** Tries when {@code -Dpaxsim.tries} is not set: few, so {@code mvn verify} stays fast. */
    int tries() default 10;
}
