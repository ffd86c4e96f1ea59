/** Diffusion package folders: the manifest written by {@code tools/export/export_diffusion.py}, checked file by file. */
package org.alphaclip.diffusion.internal.pkg;
