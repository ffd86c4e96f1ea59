/** The {@code diffusion:*} Gogo commands and the pictures they write. */
package org.alphaclip.diffusion.internal.command;
