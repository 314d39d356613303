package dev.filelock.sample.desktop;

/**
 * The {@code switch-window} lock's 10-byte region: a state byte at offset 0, {@code '1'} while a
 * window switch runs and {@code '0'} after (the original tool's convention), then the number of
 * switches done, a long at offset 1.
 *
 * @param busy     whether the state byte says a switch is running
 * @param switches how many switches all processes completed
 */
public record SwitchWindowState(boolean busy, long switches) {

    static final int STATE_OFFSET = 0;
    static final int SWITCHES_OFFSET = 1;
    static final byte BUSY = '1';
    static final byte IDLE = '0';
}
