package org.alphaclip.textrepair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML character references, decoded two ways: leniently like Python's
 * {@code html.unescape} (HTML5 rules: legacy names without a semicolon, numeric references with
 * Windows-1252 fixes) and strictly like ftfy (only references that end in a semicolon, plus upper-case
 * spellings of lower-case names such as {@code &EACUTE;}).
 */
final class HtmlEntities {

    private static final String TABLE = "html5-entities.tsv";

    private static final Pattern LENIENT_REFERENCE =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");

    private static final Pattern STRICT_REFERENCE = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

    /** Name (with its semicolon, if it has one) to replacement text. */
    private static final Map<String, String> NAMED = loadTable();

    /** {@code &name;} to replacement text, for the strict decoder. */
    private static final Map<String, String> STRICT = strictTable();

    private HtmlEntities() {
    }

    /** Decodes references like Python's {@code html.unescape}. */
    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = LENIENT_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(lenientReplacement(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Decodes only unambiguous references: named ones ending in a semicolon and complete numeric ones. */
    static String unescapeStrict(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = STRICT_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(strictReplacement(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String strictReplacement(String reference) {
        String named = STRICT.get(reference);
        if (named != null) {
            return named;
        }
        if (reference.startsWith("&#")) {
            String decoded = unescape(reference);
            return decoded.indexOf(';') >= 0 ? reference : decoded;
        }
        return reference;
    }

    /** The replacement of {@code &body}, where body is what follows the ampersand. */
    private static String lenientReplacement(String body) {
        if (body.charAt(0) == '#') {
            boolean hex = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X');
            String digits = body.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            return numericReplacement(digits, hex ? 16 : 10);
        }
        String exact = NAMED.get(body);
        if (exact != null) {
            return exact;
        }
        for (int end = body.length() - 1; end > 1; end--) {
            String legacy = NAMED.get(body.substring(0, end));
            if (legacy != null) {
                return legacy + body.substring(end);
            }
        }
        return "&" + body;
    }

    /** A numeric reference's text under HTML5 rules. */
    private static String numericReplacement(String digits, int radix) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 8) {
            return "\uFFFD";
        }
        long codePoint = Long.parseLong(significant, radix);
        if (codePoint == 0) {
            return "\uFFFD";
        }
        if (codePoint == 0x0D) {
            return "\r";
        }
        if (codePoint >= 0x80 && codePoint <= 0x9F) {
            return String.valueOf(SingleByteCharset.SLOPPY_WINDOWS_1252.decode((int) codePoint));
        }
        if ((codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint > 0x10FFFF) {
            return "\uFFFD";
        }
        if (isNoncharacterOrControl((int) codePoint)) {
            return "";
        }
        return Character.toString((int) codePoint);
    }

    /** Code points that HTML5 references may not produce and Python drops. */
    private static boolean isNoncharacterOrControl(int cp) {
        return (cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static Map<String, String> strictTable() {
        Map<String, String> table = new HashMap<>();
        for (Map.Entry<String, String> e : NAMED.entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(";")) {
                continue;
            }
            table.put("&" + name, e.getValue());
            String upper = name.toUpperCase(Locale.ROOT);
            boolean lowerCaseName = name.equals(name.toLowerCase(Locale.ROOT));
            if (lowerCaseName && unescape("&" + upper).equals("&" + upper)) {
                table.put("&" + upper, e.getValue().toUpperCase(Locale.ROOT));
            }
        }
        return Collections.unmodifiableMap(table);
    }

    private static Map<String, String> loadTable() {
        Map<String, String> table = new HashMap<>();
        try (InputStream in = HtmlEntities.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + TABLE + " next to " + HtmlEntities.class);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                StringBuilder value = new StringBuilder();
                for (String hex : line.substring(tab + 1).split(" ")) {
                    value.appendCodePoint(Integer.parseInt(hex, 16));
                }
                table.put(line.substring(0, tab), value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TABLE, e);
        }
        return Collections.unmodifiableMap(table);
    }
}
