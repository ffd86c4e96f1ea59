/**
 * Candidate objects, with their masks from the platform's mask proposers.
 */
package org.alphaclip.rec.internal.proposal;
