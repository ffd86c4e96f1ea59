/**
 * The MaskImageNet-style data engine behind {@code ovd:mine}: image-level labelled datasets, mask scoring with
 * Alpha-CLIP, the resumable state journal and the LVIS-format output.
 */
package org.alphaclip.ovd.internal.mine;
