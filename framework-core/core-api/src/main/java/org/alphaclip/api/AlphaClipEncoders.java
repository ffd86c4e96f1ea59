package org.alphaclip.api;

import java.util.List;

import org.alphaclip.api.model.InvalidModelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds the {@link AlphaClipEncoder} of a model package by name or folder, so that a task bundle needs
 * no service plumbing of its own. The leases are taken on behalf of the bundle that uses this service,
 * and given back when closed (or when that bundle stops).
 */
@ProviderType
public interface AlphaClipEncoders {

    /**
     * The encoder of one model package.
     *
     * @param model a package name, a package folder (verified and made known on first use), or the empty
     *        string for the configured default model
     * @throws InvalidModelException when no such package exists or it is invalid; the message says which
     */
    EncoderLease lease(String model) throws InvalidModelException;

    /**
     * The encoders of several model packages (an ensemble), in the given order; the default model when
     * the list is empty.
     *
     * @throws InvalidModelException when one of them does not exist or is invalid
     */
    EncoderLease lease(List<String> models) throws InvalidModelException;
}
