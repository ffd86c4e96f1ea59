package org.alphaclip.web.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The access token: a request is let in when it carries the token as {@code Authorization: Bearer TOKEN}, as the
 * page's cookie (set when the printed address with {@code ?token=} is opened), or as that query parameter. Tokens
 * are compared in constant time.
 */
final class Access {

    /** The cookie that carries the token after the first visit. */
    static final String COOKIE = "alphaclip-token";

    private final byte[] token;

    Access(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the request carries the token. */
    boolean allows(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ") && matches(header.substring(7).strip())) {
            return true;
        }
        if (matches(queryParameter(request, "token"))) {
            return true;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName()) && matches(cookie.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A parameter of the address's query only: a request body (an uploaded image, say) is never parsed as a form.
     *
     * @return the decoded value, or {@code null}
     */
    static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The token, for the cookie. */
    String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
