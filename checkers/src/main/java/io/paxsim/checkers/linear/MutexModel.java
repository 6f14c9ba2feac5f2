package io.paxsim.checkers.linear;

import io.paxsim.history.Call;
import io.paxsim.history.HistoryException;
import io.paxsim.history.Value;

/** A lock: {@code :acquire} needs it free, {@code :release} needs it held. The state is "held". */
public final class MutexModel implements Model<Boolean, Boolean, Boolean> {
    private final boolean initiallyHeld;

    public MutexModel(Value init) {
        if (init != null && !init.isNil() && !(init instanceof Value.Bool)) {
            throw new HistoryException("mutex --init is true (held) or false (free), got " + HistoryException.excerpt(init));
        }
        this.initiallyHeld = init instanceof Value.Bool b && b.value();
    }

    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public Boolean init() {
        return initiallyHeld;
    }

    /** True for acquire, false for release. */
    @Override
    public Boolean input(Call call) {
        return switch (call.f()) {
            case "acquire" -> Boolean.TRUE;
            case "release" -> Boolean.FALSE;
            default -> throw io.paxsim.checkers.ModelMismatch.of("mutex", call, "it knows :acquire and :release");
        };
    }

    @Override
    public Boolean output(Call call) {
        return call.isIndeterminate() ? null : Boolean.TRUE;
    }

    @Override
    public Boolean step(Boolean held, Boolean acquire, Boolean output) {
        return held.equals(acquire) ? null : acquire;
    }

    @Override
    public String describeState(Boolean held) {
        return held ? "held" : "free";
    }
}
