/** The vocabulary file: one class name per line. */
package org.alphaclip.ovd.internal.io;
