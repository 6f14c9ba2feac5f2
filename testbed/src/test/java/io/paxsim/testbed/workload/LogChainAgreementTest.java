package io.paxsim.testbed.workload;

import io.paxsim.checkers.durability.LogChecksum;
import io.paxsim.paxos.api.LogChain;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The state machine's reader fold and the verifier's chain are one formula in two modules that do not see each other. */
class LogChainAgreementTest {
    @Test
    void stateMachineFoldEqualsTheVerifiersChain() {
        for (String stream : new String[] {"s0", "s17", "ünïcode"}) {
            for (long salt : new long[] {0, 7, -1}) {
                long a = LogChain.initial(stream, salt);
                long b = LogChecksum.initial(stream, salt);
                assertEquals(b, a, stream + " salt " + salt);
                for (int i = 1; i <= 50; i++) {
                    String payload = stream + "-" + i + "-" + "x".repeat(i % 7) + (i % 3 == 0 ? "é" : "");
                    a = LogChain.next(a, i, payload);
                    b = LogChecksum.next(b, i, payload);
                    assertEquals(b, a, stream + " record " + i);
                }
            }
        }
        assertEquals(0, LogChain.SALT, "the log workload writes with salt 0");
    }
}
