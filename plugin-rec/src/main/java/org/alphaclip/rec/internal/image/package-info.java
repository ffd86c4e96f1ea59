/**
 * Pixel work for the representations: the fast Gaussian blur, crops, stretches, compositing, drawing the answer.
 */
package org.alphaclip.rec.internal.image;
