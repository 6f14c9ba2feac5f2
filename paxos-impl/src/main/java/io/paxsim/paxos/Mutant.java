package io.paxsim.paxos;

import java.util.ArrayList;
import java.util.List;

/**
 * Planted bugs (see the Paxos bug catalogue), each behind a named switch, off by default. A
 * testbed is only as good as the bugs it catches; these let it prove it catches them.
 */
public enum Mutant {
    LOCAL_READ("local-read", "leader serves reads from local state with no quorum or lease check"),
    PROMISE_NOT_DURABLE("promise-not-durable", "promise sent before the promised ballot is fsynced"),
    ACCEPT_NOT_DURABLE("accept-not-durable", "accepted sent before the accepted entry is fsynced"),
    IGNORE_PRIOR_ACCEPTS("ignore-prior-accepts", "new leader ignores values reported in promises and proposes no-ops"),
    STALE_REPLY_COUNTED("stale-reply-counted", "promise/accepted replies are not filtered by the current ballot"),
    ACCEPT_BELOW_PROMISE("accept-below-promise", "acceptor skips the ballot >= promised check on accept"),
    NO_DEDUP("no-dedup", "no session table: a retried request is applied again"),
    EARLY_ACK("early-ack", "client acknowledged when its command is proposed, before a quorum accepted it"),
    BALLOT_REUSE("ballot-reuse", "proposer's highest round kept only in memory, so a restart reuses rounds"),
    LEASE_NO_DRIFT("lease-no-drift", "leader lease ignores the clock-drift margin"),
    NO_HOLE_FILL("no-hole-fill", "new leader never fills log holes with no-ops"),
    BAD_FLEXIBLE_QUORUM("bad-flexible-quorum", "phase-1 quorum shrunk so phase-1 and phase-2 quorums need not intersect"),
    TRUNCATE_ON_CORRUPTION("truncate-on-corruption", "a checksum failure inside the WAL truncates the log there"),
    COMMIT_PAST_MATCH("commit-past-match", "follower applies its accepted value up to the leader's commit index without checking the ballot"),
    EAGER_GC("eager-gc", "compacted slots are never sent to lagging replicas (no catch-up by snapshot)"),
    TORN_TAIL_PANIC("torn-tail-panic", "replica refuses to start when its last WAL record is torn"),
    MIXED_BALLOT_COMMIT("mixed-ballot-commit", "new leader counts acceptors that reported the same value at an older ballot towards the commit quorum"),
    FALSE_FAIL("false-fail", "a leader that steps down tells clients waiting on its proposals that their requests failed"),
    STALE_TRUNCATE("stale-truncate", "an acceptor deletes its accepted log suffix on receiving an Accept from an older ballot"),
    // Beyond the catalogue: the snapshot bug class of the blind trial, for the state monitors.
    SNAPSHOT_NO_SESSIONS("snapshot-no-sessions", "a snapshot leaves out the session table, so installs and restores forget which requests were applied"),
    // Red-team trial (issue 9): new bugs in the trial's six areas, each a real-world class.
    WAL_BODY_UNCHECKED("wal-body-unchecked", "WAL recovery verifies a record's header checksum but trusts its body from the first mirror unchecked"),
    SNAPSHOT_CRC_UNCHECKED("snapshot-crc-unchecked", "snapshot recovery skips the checksum and trusts any snapshot file that decodes"),
    INSTALL_OLDER_SNAPSHOT("install-older-snapshot", "a received snapshot is installed when newer than the local snapshot, even if older than the applied state"),
    CATCHUP_SENDS_ACCEPTED("catchup-sends-accepted", "a catch-up reply includes the sender's accepted but not yet chosen log tail"),
    BALLOT_ROUND_ONLY("ballot-round-only", "acceptor compares ballots by round only, ignoring the proposer-id tiebreak"),
    READS_BEFORE_NOOP("reads-before-noop", "a new leader serves read-index and lease reads before its opening no-op is applied"),
    LEASE_FROM_ACK("lease-from-ack", "leader lease measured from when the heartbeat acks arrive rather than from when the heartbeat was sent"),
    RESTART_FORGETS_LEASE("restart-forgets-lease", "a restarted follower does not honour a lease it may have granted before crashing"),
    // Red-team re-trial (issue 9, hunt): new bugs in the trial's areas, written before running the hunt on them.
    LEASE_CHECKED_AT_ARRIVAL("lease-checked-at-arrival", "a lease read queued behind the apply is answered under the lease it arrived in, even once that lease has run out"),
    READ_INDEX_FROM_APPLIED("read-index-from-applied", "a read-index read waits only for the leader's applied index at arrival, not its commit index"),
    PROMISE_FROM_PROMISE_RECORDS("promise-from-promise-records", "recovery restores the promised ballot from promise records only, not from the ballots of replayed votes"),
    // Red-team round 3 (issue 9, redteam): planted blind, one per trial area, before the hunt was run on them.
    READ_CONFIRMED_BY_INFLIGHT_HEARTBEAT("read-confirmed-by-inflight-heartbeat", "a read-index read is confirmed by a heartbeat round already in flight when it arrived, not by one sent after"),
    LEASE_SIZED_BY_ELECTION_TIMEOUT("lease-sized-by-election-timeout", "the leader sizes its lease by the followers' election timeout instead of the lease they grant"),
    INSTALL_DROPS_VOTES("install-drops-votes", "installing a received snapshot discards the acceptor's votes in slots above the snapshot"),
    CATCHUP_TRUSTS_OWN_VOTE("catchup-trusts-own-vote", "a lagging replica that already voted in a caught-up slot learns its own vote's value, not the chosen one sent"),
    ACCEPT_KEEPS_FIRST_VOTE("accept-keeps-first-vote", "an acceptor that already voted in a slot keeps that vote when a higher ballot's Accept arrives, yet acknowledges it"),
    SKIP_DAMAGED_RECORD("skip-damaged-record", "WAL recovery skips a record whose checksum fails in both mirrors, forgetting the vote or promise it held");

    private final String cliName;
    private final String description;

    Mutant(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public static Mutant byName(String name) {
        for (Mutant m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mutant '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Mutant m : values()) {
            names.add(m.cliName);
        }
        return names;
    }
}
