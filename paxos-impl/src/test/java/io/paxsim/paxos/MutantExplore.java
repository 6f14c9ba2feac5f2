package io.paxsim.paxos;

/** Prints, per mutant and fault class, the first seed whose run the monitors flag (exploration aid). */
public final class MutantExplore {
    public static void main(String[] args) {
        for (Mutant m : Mutant.values()) {
            StringBuilder line = new StringBuilder(m.cliName()).append(':');
            for (FaultScenario.FaultClass fc : FaultScenario.FaultClass.values()) {
                String hit = "-";
                for (long seed = 1; seed <= 30; seed++) {
                    int n = seed % 2 == 0 ? 3 : 5;
                    PaxosConfig config = PaxosConfig.defaults(n).withMutants(m.cliName());
                    FaultScenario.Outcome o;
                    try {
                        o = new FaultScenario(fc, seed, config, 3, 30).run();
                    } catch (RuntimeException | AssertionError e) {
                        hit = "s" + seed + "(crash:" + e.getClass().getSimpleName() + ")";
                        break;
                    }
                    if (!o.safe()) {
                        hit = "s" + seed + "(" + o.detail().split(" ")[1] + ")";
                        break;
                    }
                }
                line.append(' ').append(fc).append('=').append(hit);
            }
            System.out.println(line);
        }
    }
}
