/** Point-E packages: reading and verifying the folder the exporter writes. */
package org.alphaclip.pointe.internal.pkg;
