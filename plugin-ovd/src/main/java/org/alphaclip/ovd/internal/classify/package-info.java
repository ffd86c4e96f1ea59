/**
 * Zero-shot classification with Alpha-CLIP: the text classifier of a vocabulary (also Detic's classifier
 * weights), labelling of image regions, and drawing the labelled regions.
 */
package org.alphaclip.ovd.internal.classify;
