/** pointe:eval: generated clouds of highlighted solids measured against the truth by a geometric classifier. */
package org.alphaclip.pointe.internal.eval;
