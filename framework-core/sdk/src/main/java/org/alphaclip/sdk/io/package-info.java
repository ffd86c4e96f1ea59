/**
 * Files that task bundles write and read: outputs that appear whole or not at all ({@link AtomicFiles},
 * {@link Npy}, {@link Csv}), the journal that lets a long job resume after a crash ({@link JobJournal}),
 * content digests ({@link FileDigests}), the JSON manifests of model packages and the files they list
 * ({@link PackageManifests}, their fields read with {@link ManifestFields}), the package a command's {@code --model} names ({@link PackageFolders}), and the memory the process holds
 * ({@link ProcessMemory}, for benchmarks).
 */
@Version("1.3.0")
package org.alphaclip.sdk.io;

import org.osgi.annotation.versioning.Version;
