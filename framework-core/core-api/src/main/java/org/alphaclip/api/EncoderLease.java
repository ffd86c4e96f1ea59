package org.alphaclip.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The encoders of one or more model packages, taken from the service registry for one piece of work
 * (a command, a job) and given back when closed. Using it after {@link #close()} fails with an
 * {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (EncoderLease lease = encoders.lease(modelOption)) {   // "" = the default model
 *     ImageEncoding out = lease.encoder().encodeImages(inputs, EncodeOptions.DEFAULT);
 * }
 * }</pre>
 */
@ProviderType
public interface EncoderLease extends AutoCloseable {

    /** The first (or only) model's encoder. */
    AlphaClipEncoder encoder();

    /** Every model's encoder, in the order asked for. */
    List<AlphaClipEncoder> encoders();

    /** Gives the encoder services back; calling it again does nothing. */
    @Override
    void close();
}
