/**
 * Files that task bundles write and read: outputs that appear whole or not at all ({@link AtomicFiles},
 * {@link Npy}, {@link Csv}), the journal that lets a long job resume after a crash ({@link JobJournal}),
 * and content digests ({@link FileDigests}).
 */
@Version("1.0.0")
package org.alphaclip.sdk.io;

import org.osgi.annotation.versioning.Version;
