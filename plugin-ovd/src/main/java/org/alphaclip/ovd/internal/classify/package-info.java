/**
 * Open-vocabulary region classification with Alpha-CLIP: where the regions come from, labelling them with the
 * zero-shot classifier of a vocabulary, and drawing the labelled regions.
 */
package org.alphaclip.ovd.internal.classify;
