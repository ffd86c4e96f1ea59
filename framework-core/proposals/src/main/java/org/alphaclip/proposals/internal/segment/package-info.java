/** The classical mask proposer: Felzenszwalb-Huttenlocher segmentation at several scales turned into object-like regions. */
package org.alphaclip.proposals.internal.segment;
