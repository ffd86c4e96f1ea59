/** The mask proposers of every bundle, chosen by name with one fallback rule ({@link org.alphaclip.api.proposal.MaskProposers}). */
package org.alphaclip.core.internal.proposal;
