/**
 * Pixel work for the representations: crops, stretches, compositing, drawing the answer.
 */
package org.alphaclip.rec.internal.image;
