package io.paxsim.sim.disk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The content hash of a handed-over write is the content hash, remembered or not. */
class DiskOpTest {
    @Test
    void aHandedOverArrayHashesAsItsContentWhetherRememberedOrNot() {
        byte[] image = new byte[10_001];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31 + 7);
        }
        byte[] other = image.clone();
        other[5000] ^= 1;
        long imageHash = DiskOp.Write.contentHash(image);
        long otherHash = DiskOp.Write.contentHash(other);
        assertEquals(imageHash, DiskOp.Write.contentHashOfHandedOver(image));
        assertEquals(imageHash, DiskOp.Write.contentHashOfHandedOver(image), "the same array again: remembered");
        assertEquals(otherHash, DiskOp.Write.contentHashOfHandedOver(other), "equal length, other bytes, other array");
        assertEquals(imageHash, DiskOp.Write.contentHashOfHandedOver(image.clone()), "equal bytes, another array");
        assertEquals(DiskOp.Write.contentHash(new byte[3]), DiskOp.Write.contentHashOfHandedOver(new byte[3]));
    }
}
