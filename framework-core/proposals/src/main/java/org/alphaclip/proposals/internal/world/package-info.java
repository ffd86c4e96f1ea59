/** The world proposer: true masks of synthetic-world scenes, for tests and upper bounds. */
package org.alphaclip.proposals.internal.world;
