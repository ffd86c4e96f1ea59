package org.alphaclip.proposals.internal.sam;

/**
 * The status published instead of the {@code sam} proposer when no usable SAM package is installed.
 * Other bundles read its {@link SamComponent#PROPERTY_UNAVAILABLE} service property (they need not
 * see this class), e.g. with
 * {@code context.getServiceReferences((String) null, "(alphaclip.proposer.unavailable=*)")}.
 *
 * @param reason why SAM is not offered, as a sentence naming the package folder
 */
public record SamUnavailable(String reason) {
}
