package dev.filelock.stress;

/**
 * What a child and the verifier say to each other over loopback: one byte per message and one
 * byte of answer, so that a round trip is cheap. A child waits for the answer before it goes on;
 * that is what orders the reports of different children as the lock orders them.
 */
final class Protocol {

    /**
     * Child to verifier, first: followed by the slot number (an int). Answered once every child of
     * the first round has connected.
     */
    static final int HELLO = 'H';
    /** Child to verifier, right after it acquired the lock. */
    static final int ACQUIRED = 'A';
    /** Child to verifier, right before it releases the lock. */
    static final int RELEASING = 'R';
    /** Child to verifier, last: followed by how many of its waits were ended by an interrupt (an int). */
    static final int DONE = 'D';
    /** Verifier to child: go on. */
    static final int ACK = 'K';

    private Protocol() {
    }
}
