package org.alphaclip.sdk.testing;

import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;

/**
 * {@link AlphaClipEncoders} for tests outside OSGi: every model name is the one encoder; counts the leases still
 * open, so a test can check that a command gives its lease back.
 */
public final class StandInEncoders implements AlphaClipEncoders {

    private final AlphaClipEncoder encoder;
    private int open;

    /** Leases of {@code encoder}. */
    public StandInEncoders(AlphaClipEncoder encoder) {
        this.encoder = encoder;
    }

    /** Leases taken and not closed. */
    public synchronized int open() {
        return open;
    }

    @Override
    public EncoderLease lease(String model) {
        return lease(List.of(model));
    }

    @Override
    public synchronized EncoderLease lease(List<String> models) {
        open++;
        return new EncoderLease() {
            private boolean closed;

            @Override
            public AlphaClipEncoder encoder() {
                return encoder;
            }

            @Override
            public List<AlphaClipEncoder> encoders() {
                return List.of(encoder);
            }

            @Override
            public void close() {
                synchronized (StandInEncoders.this) {
                    if (!closed) {
                        closed = true;
                        open--;
                    }
                }
            }
        };
    }
}
