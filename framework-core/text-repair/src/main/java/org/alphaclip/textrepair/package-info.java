/**
 * Repair of broken Unicode text, as ftfy 6.3's {@code fix_text} does it (mojibake, HTML entities, C1
 * controls, ligatures, widths, quotes, line breaks, invisible controls), and Python's
 * {@code html.unescape}: {@link org.alphaclip.textrepair.TextRepair}. Generic; used by CLIP's text
 * cleaning before tokenizing.
 */
@Version("1.0.0")
package org.alphaclip.textrepair;

import org.osgi.annotation.versioning.Version;
