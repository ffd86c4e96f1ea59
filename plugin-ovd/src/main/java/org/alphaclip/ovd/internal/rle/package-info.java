/** COCO's run-length encoding of binary masks, with its compressed string form. */
package org.alphaclip.ovd.internal.rle;
