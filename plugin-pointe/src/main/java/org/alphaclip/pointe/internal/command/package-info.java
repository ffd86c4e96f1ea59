/** The pointe:* Gogo commands. */
package org.alphaclip.pointe.internal.command;
