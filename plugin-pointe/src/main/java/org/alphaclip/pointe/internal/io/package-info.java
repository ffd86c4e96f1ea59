/** Point clouds on disk and on screen: PLY files and a small point renderer. */
package org.alphaclip.pointe.internal.io;
