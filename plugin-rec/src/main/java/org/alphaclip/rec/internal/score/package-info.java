/**
 * Scoring proposals with one or more encoders in several representations, and resolving relations over the scores.
 */
package org.alphaclip.rec.internal.score;
