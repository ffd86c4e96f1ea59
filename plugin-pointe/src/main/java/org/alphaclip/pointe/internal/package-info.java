/** The Point-E service: packages opened on the shared sessions. */
package org.alphaclip.pointe.internal;
