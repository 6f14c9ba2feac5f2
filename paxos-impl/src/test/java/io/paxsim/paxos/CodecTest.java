package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CodecTest {
    static final Batch EVERY_COMMAND = new Batch(List.of(
            new ClientCommand(1, 1, new Command.Read("k")),
            new ClientCommand(1, 2, new Command.Write("k", -5)),
            new ClientCommand(2, 1, new Command.Cas("k", 1, 2)),
            new ClientCommand(2, 2, new Command.Txn(List.of(new MicroOp.Append("a", 1), new MicroOp.ReadList("a")))),
            new ClientCommand(3, 1, new Command.LogAppend("s", 4, "payload \u00e9", 0xdeadbeefL)),
            new ClientCommand(3, 2, new Command.LogRead("s", 0, 10)),
            new ClientCommand(0, 0, new Command.Noop())));

    @Test
    void batchesRoundTrip() {
        assertEquals(EVERY_COMMAND, Codec.decodeBatch(Codec.encodeBatch(EVERY_COMMAND)));
        assertEquals(Batch.NOOP, Codec.decodeBatch(Codec.encodeBatch(Batch.NOOP)));
        assertNotEquals(EVERY_COMMAND.digest(), Batch.NOOP.digest());
    }

    @Test
    void walRecordsRoundTripAndDetectDamage() {
        for (DurableRecord r : List.of(new DurableRecord.Promised(new Ballot(7, 2)), new DurableRecord.HighestRound(9),
                new DurableRecord.Accepted(3, new Ballot(7, 2), EVERY_COMMAND), new DurableRecord.Repaired(4, Batch.NOOP),
                new DurableRecord.BaseComplete(5, 17))) {
            byte[] bytes = RecordFormat.encode(r, 0);
            RecordFormat.Header h = RecordFormat.parseHeader(bytes, bytes.length, 0);
            assertEquals(r, RecordFormat.decode(h, bytes, 0));
            bytes[bytes.length - 1] ^= 1;
            boolean headerOnly = h.bodyLength() == 0;
            if (headerOnly) {
                assertNull(RecordFormat.parseHeader(bytes, bytes.length, 0));
            } else {
                assertEquals(false, RecordFormat.bodyValid(bytes, bytes.length, 0, h));
            }
        }
    }

    @Test
    void truncatedInputIsCorruptDataNotAnArrayIndexError() {
        byte[] bytes = Codec.encodeBatch(EVERY_COMMAND);
        assertThrows(Codec.CorruptDataException.class,
                () -> Codec.decodeBatch(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
    }
}
