/** Decoded images and masks, and the service that reads them safely from files. */
@Version("1.0.0")
package org.alphaclip.api.image;

import org.osgi.annotation.versioning.Version;
