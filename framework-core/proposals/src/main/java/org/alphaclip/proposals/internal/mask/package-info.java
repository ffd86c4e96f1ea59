/** Binary masks, connected components and prompt checks shared by the proposers. */
package org.alphaclip.proposals.internal.mask;
