/** Small file formats: atomic writes, NumPy {@code .npy} matrices, vocabulary lists. */
package org.alphaclip.ovd.internal.io;
