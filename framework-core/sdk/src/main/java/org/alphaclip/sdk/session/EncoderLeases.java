package org.alphaclip.sdk.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.sdk.io.FileDigests;

/**
 * The encoder a task package was exported on: a task package (a multimodal LLM, a diffusion model) records the name of
 * the Alpha-CLIP package whose features it takes and the SHA-256 of that package's {@code manifest.json}; this leases
 * that encoder by name and checks the manifest, so features of another export never reach the task's model.
 *
 * <pre>{@code
 * try (EncoderLease lease = EncoderLeases.exportedOn(encoders, "alphaclip-shapes", sha256,
 *         "Diffusion package diffusion-shapes", "conditioning embedding")) {
 *     ImageEncoding encoding = lease.encoder().encodeImages(inputs, EncodeOptions.DEFAULT);
 * }
 * }</pre>
 */
public final class EncoderLeases {

    private EncoderLeases() {
    }

    /**
     * Leases the named encoder package and checks its manifest's SHA-256.
     *
     * @param dependent the task package, as messages name it, e.g. {@code Multimodal package llava-7b}
     * @param features what the task package takes from the encoder, e.g. {@code image tokens}
     * @throws InvalidModelException when the encoder package is not installed or is another export; the message names
     *         both packages and what to do
     */
    public static EncoderLease exportedOn(AlphaClipEncoders encoders, String encoder, String manifestSha256,
            String dependent, String features) throws InvalidModelException {
        EncoderLease lease;
        try {
            lease = encoders.lease(encoder);
        } catch (InvalidModelException e) {
            throw new InvalidModelException(dependent + " takes its " + features + " from the encoder package '" + encoder
                    + "', which is not installed: put that package into models/ (" + e.getMessage() + ")", e);
        }
        try {
            check(lease.encoder(), manifestSha256, dependent);
            return lease;
        } catch (InvalidModelException e) {
            lease.close();
            throw e;
        }
    }

    private static void check(AlphaClipEncoder encoder, String expected, String dependent) throws InvalidModelException {
        Path manifest = encoder.model().location().resolve("manifest.json");
        String actual;
        try {
            actual = FileDigests.sha256(manifest);
        } catch (IOException e) {
            throw new InvalidModelException("Cannot read " + manifest + " to check it against " + lowerFirst(dependent)
                    + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expected)) {
            throw new InvalidModelException("The encoder package '" + encoder.model().name() + "' (" + manifest
                    + ", SHA-256 " + prefix(actual) + "…) is not the one " + lowerFirst(dependent) + " was exported on"
                    + " (SHA-256 " + prefix(expected) + "…): export the package again on this encoder, or install the"
                    + " encoder it was made on");
        }
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }

    private static String prefix(String sha256) {
        return sha256 == null ? "(none)" : sha256.substring(0, Math.min(12, sha256.length()));
    }
}
