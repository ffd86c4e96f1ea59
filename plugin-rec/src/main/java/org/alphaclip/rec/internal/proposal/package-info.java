/**
 * Candidate objects and the choice among the installed mask proposer services, with fallback.
 */
package org.alphaclip.rec.internal.proposal;
