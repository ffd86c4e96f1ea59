/** The boxes proposer: box prompts filled as masks. */
package org.alphaclip.proposals.internal.boxes;
