package io.paxsim.sim;

import io.paxsim.sim.ScriptedNode.Ping;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkModelTest {
    private static final long MILLIS = 1_000_000L;

    private static Simulation started(int n, LinkConfig link, ScriptedNode.Log log) {
        Simulation sim = ScriptedNode.build(7, n, log, b -> b.defaultLink(link));
        sim.start();
        return sim;
    }

    private static void sendPings(Simulation sim, int from, int to, int count) {
        sim.withContext(from, ctx -> {
            for (int i = 0; i < count; i++) {
                ctx.send(to, new Ping(i));
            }
        });
    }

    private static List<Integer> pingsReceived(ScriptedNode.Log log, int node) {
        List<Integer> result = new ArrayList<>();
        for (String what : log.whats(node)) {
            if (what.startsWith("msg ")) {
                result.add(Integer.parseInt(what.replaceAll(".*n=(\\d+).*", "$1")));
            }
        }
        return result;
    }

    private static LinkConfig uniform(long minNanos, long maxNanos) {
        return LinkConfig.lan().withLatency(new LatencyModel.Uniform(minNanos, maxNanos));
    }

    @Test
    void lossDropsAboutTheConfiguredShare() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(2, LinkConfig.lan().withLossProbability(0.3), log);
        sendPings(sim, 0, 1, 4000);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        int delivered = pingsReceived(log, 1).size();
        assertTrue(delivered > 2600 && delivered < 3000, "delivered " + delivered + " of 4000 at 30% loss");
        assertEquals(4000 - delivered, sim.stats().messagesDropped());
    }

    @Test
    void duplicationDeliversTwice() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(2, LinkConfig.lan().withDuplicateProbability(1.0), log);
        sendPings(sim, 0, 1, 10);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(20, pingsReceived(log, 1).size());
        assertEquals(10, sim.stats().messagesDuplicated());
    }

    @Test
    void fifoLinksKeepSendOrderAndOthersReorder() {
        ScriptedNode.Log fifoLog = new ScriptedNode.Log(2);
        Simulation fifo = started(2, uniform(MILLIS, 50 * MILLIS).withFifo(true), fifoLog);
        sendPings(fifo, 0, 1, 200);
        fifo.runUntilQuiescent(Long.MAX_VALUE);
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inOrder.add(i);
        }
        assertEquals(inOrder, pingsReceived(fifoLog, 1));

        ScriptedNode.Log looseLog = new ScriptedNode.Log(2);
        Simulation loose = started(2, uniform(MILLIS, 50 * MILLIS), looseLog);
        sendPings(loose, 0, 1, 200);
        loose.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(200, pingsReceived(looseLog, 1).size());
        assertNotEquals(inOrder, pingsReceived(looseLog, 1));
    }

    @Test
    void bandwidthQueuesMessagesBehindEachOther() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        // 64-byte pings over 6400 B/s: 10 ms each on the wire, plus 1 ms latency.
        Simulation sim = started(2, LinkConfig.lan().withLatency(new LatencyModel.Constant(MILLIS))
                .withBandwidthBytesPerSecond(6400), log);
        sendPings(sim, 0, 1, 3);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        List<Long> arrivals = log.byNode[1].stream().filter(s -> s.what().startsWith("msg"))
                .map(ScriptedNode.Seen::trueNanos).toList();
        assertEquals(List.of(11 * MILLIS, 21 * MILLIS, 31 * MILLIS), arrivals);
    }

    @Test
    void partitionCutsBetweenGroupsOnly() {
        ScriptedNode.Log log = new ScriptedNode.Log(3);
        Simulation sim = started(3, LinkConfig.lan(), log);
        sim.partition(List.of(new int[] {0, 1}, new int[] {2}));
        sendPings(sim, 0, 1, 1);
        sendPings(sim, 0, 2, 1);
        sendPings(sim, 2, 0, 1);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(1, pingsReceived(log, 1).size());
        assertEquals(0, pingsReceived(log, 2).size());
        assertEquals(0, pingsReceived(log, 0).size());
        sim.healNetwork();
        sendPings(sim, 0, 2, 1);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(1, pingsReceived(log, 2).size());
    }

    @Test
    void oneWayCutDropsOneDirectionOnly() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(2, LinkConfig.lan(), log);
        sim.cut(0, 1);
        sendPings(sim, 0, 1, 5);
        sendPings(sim, 1, 0, 5);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(0, pingsReceived(log, 1).size());
        assertEquals(5, pingsReceived(log, 0).size());
    }

    @Test
    void messagesInFlightWhenTheLinkIsCutAreDropped() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(2, LinkConfig.lan().withLatency(new LatencyModel.Constant(10 * MILLIS)), log);
        sendPings(sim, 0, 1, 1);
        sim.runUntil(5 * MILLIS);
        sim.cut(0, 1);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(0, pingsReceived(log, 1).size());
    }

    @Test
    void clogHoldsMessagesUntilUnclogThenReleasesThemInArrivalOrder() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(2, uniform(MILLIS, 2 * MILLIS).withFifo(true), log);
        sim.clog(0, 1);
        sendPings(sim, 0, 1, 5);
        sim.runUntil(100 * MILLIS);
        assertEquals(0, pingsReceived(log, 1).size());
        sim.unclog(0, 1);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(List.of(0, 1, 2, 3, 4), pingsReceived(log, 1));
        assertTrue(log.byNode[1].stream().filter(s -> s.what().startsWith("msg"))
                .allMatch(s -> s.trueNanos() == 100 * MILLIS), "released when unclogged");
    }

    @Test
    void messagesToACrashedNodeAreDropped() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(2, LinkConfig.lan(), log);
        sim.crash(1);
        sendPings(sim, 0, 1, 3);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(3, sim.stats().messagesDropped());
        assertEquals(List.of("start"), log.whats(1));
    }

    @Test
    void latencyModelsRespectTheirFloor() {
        var random = io.paxsim.sim.random.RandomStream.derive(1, "latency");
        List<LatencyModel> models = List.of(new LatencyModel.Constant(5), new LatencyModel.Uniform(3, 9),
                new LatencyModel.Exponential(100, 50), new LatencyModel.LogNormal(100, 50, 1.0));
        for (LatencyModel model : models) {
            for (int i = 0; i < 1000; i++) {
                long sample = model.sampleNanos(random);
                assertTrue(sample >= model.floorNanos(), model + " sampled " + sample);
            }
        }
    }
}
