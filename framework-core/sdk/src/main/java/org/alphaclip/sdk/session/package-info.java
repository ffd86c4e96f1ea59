/**
 * Graphs of a task bundle's model package on the shared inference sessions ({@link PackageGraph}): acquired with the
 * configured device options, their signature checked against what the task needs, closed when the task is done.
 */
@Version("1.0.0")
package org.alphaclip.sdk.session;

import org.osgi.annotation.versioning.Version;
