/** The {@code ovd} task bundle's DS component: the {@code ovd:*} Gogo commands and the task description. */
package org.alphaclip.ovd.internal;
