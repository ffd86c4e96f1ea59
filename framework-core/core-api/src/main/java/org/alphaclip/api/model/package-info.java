/** Model packages: what a model is (architecture, preprocessing, prompts) and where it lives. */
@Version("1.0.0")
package org.alphaclip.api.model;

import org.osgi.annotation.versioning.Version;
