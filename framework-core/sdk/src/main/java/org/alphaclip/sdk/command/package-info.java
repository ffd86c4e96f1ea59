/**
 * Support for Gogo commands, so that every command of every task bundle checks its arguments alike: region
 * options parsed into a {@link org.alphaclip.api.region.Region} by one grammar ({@link RegionOptions}),
 * argument checks with the platform's messages ({@link CommandArguments}), the sentence for an option
 * value Gogo could not convert to the parameter's type ({@link ArgumentTypes}), and the table evaluation commands print
 * ({@link ColumnTable}).
 *
 * <pre>{@code
 * public String look(
 *         @Descriptor(RegionOptions.BOX_HELP) @Parameter(names = "--box", absentValue = "") String box,
 *         @Descriptor("how many") @Parameter(names = "--top", absentValue = "5") int top,
 *         String... extra) {
 *     CommandArguments.rejectExtra(getClass(), "my:look", extra);
 *     CommandArguments.atLeast("--top", top, 1);
 *     Region region = RegionOptions.box("--box", box);
 *     ...
 * }
 * }</pre>
 */
@Version("1.2.0")
package org.alphaclip.sdk.command;

import org.osgi.annotation.versioning.Version;
