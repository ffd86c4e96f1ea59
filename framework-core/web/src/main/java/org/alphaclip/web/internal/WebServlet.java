package org.alphaclip.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.api.task.TaskInfo;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page and its JSON API under {@code /alphaclip}: every request needs the access token (401 without it). Routes:
 * {@code GET /} the page; {@code GET api/tasks}; {@code GET api/commands/NAME} (its options);
 * {@code POST api/uploads?name=FILE} (the image as the body); {@code GET api/images?folder=F};
 * {@code GET api/files/REF}; {@code POST api/jobs} ({@code {"command", "options", "arguments"}});
 * {@code GET api/jobs/ID}; {@code DELETE api/jobs/ID}. Errors are {@code {"error": "..."}} with a status.
 */
final class WebServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Gson GSON = new Gson();
    private static final Map<String, String> STATIC = Map.of("", "index.html", "index.html", "index.html",
            "app.js", "app.js", "style.css", "style.css");

    private final transient Access access;
    private final transient WebFiles files;
    private final transient CommandJobs jobs;
    private final transient CommandCatalogue catalogue;

    WebServlet(Access access, WebFiles files, CommandJobs jobs, CommandCatalogue catalogue) {
        this.access = access;
        this.files = files;
        this.jobs = jobs;
        this.catalogue = catalogue;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo().replaceFirst("^/", "");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        try {
            if (!access.allows(request)) {
                throw new WebException(401, "This page needs its access token: open the address the application"
                        + " printed when it started (…/alphaclip/?token=…)");
            }
            if (Access.queryParameter(request, "token") != null && request.getMethod().equals("GET") && !path.startsWith("api/")) {
                response.addHeader("Set-Cookie", Access.COOKIE + "=" + access.value() + "; Path=" + WebPage.PATH
                        + "; HttpOnly; SameSite=Strict");
                response.sendRedirect(WebPage.PATH + "/");
                return;
            }
            route(request.getMethod(), path, request, response);
        } catch (WebException e) {
            error(response, e.status(), e.getMessage());
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            error(response, 400, "Bad request: " + e.getMessage());
        }
    }

    private void route(String method, String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (method.equals("GET") && STATIC.containsKey(path)) {
            page(STATIC.get(path), response);
        } else if (method.equals("GET") && path.equals("api/tasks")) {
            json(response, 200, tasks());
        } else if (method.equals("GET") && path.startsWith("api/commands/")) {
            json(response, 200, GSON.toJsonTree(catalogue.describe(decode(path.substring("api/commands/".length())))));
        } else if (method.equals("POST") && path.equals("api/uploads")) {
            try (InputStream body = request.getInputStream()) {
                json(response, 201, GSON.toJsonTree(files.store(body, request.getContentLengthLong(),
                        Access.queryParameter(request, "name"))));
            }
        } else if (method.equals("GET") && path.equals("api/images")) {
            String folder = Access.queryParameter(request, "folder");
            JsonObject out = new JsonObject();
            out.add("images", GSON.toJsonTree(files.listImages(folder == null ? "" : folder, 500)));
            json(response, 200, out);
        } else if (method.equals("GET") && path.startsWith("api/files/")) {
            file(files.resolve(decode(path.substring("api/files/".length()))), response);
        } else if (method.equals("POST") && path.equals("api/jobs")) {
            json(response, 202, jobs.toJson(submit(request)));
        } else if (path.startsWith("api/jobs/") && (method.equals("GET") || method.equals("DELETE"))) {
            String id = path.substring("api/jobs/".length());
            if (method.equals("DELETE")) {
                jobs.cancel(id);
            }
            json(response, 200, jobs.toJson(jobs.job(id)));
        } else {
            throw new WebException(404, "No " + method + " /" + path + " here");
        }
    }

    private CommandJobs.Job submit(HttpServletRequest request) throws IOException {
        JsonObject body;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(1 << 20);
            body = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        if (!body.has("command")) {
            throw new WebException(400, "A job needs {\"command\": \"scope:name\", \"options\": {…}, \"arguments\": […]}");
        }
        Map<String, JsonElement> options = new LinkedHashMap<>();
        if (body.has("options")) {
            body.getAsJsonObject("options").entrySet().forEach(e -> options.put(e.getKey(), e.getValue()));
        }
        List<String> arguments = new ArrayList<>();
        if (body.has("arguments")) {
            body.getAsJsonArray("arguments").forEach(a -> arguments.add(a.getAsString()));
        }
        return jobs.submit(body.get("command").getAsString(), options, arguments, catalogue.commands());
    }

    private JsonObject tasks() {
        JsonObject out = new JsonObject();
        JsonArray list = new JsonArray();
        for (TaskInfo task : catalogue.tasks()) {
            list.add(GSON.toJsonTree(task));
        }
        out.add("tasks", list);
        out.add("core", GSON.toJsonTree(CommandCatalogue.CORE));
        return out;
    }

    private void page(String resource, HttpServletResponse response) throws IOException {
        try (InputStream in = WebServlet.class.getResourceAsStream("/web/" + resource)) {
            if (in == null) {
                throw new WebException(404, "No " + resource);
            }
            response.setContentType(contentType(resource));
            response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:");
            in.transferTo(response.getOutputStream());
        }
    }

    private static void file(Path file, HttpServletResponse response) throws IOException {
        response.setContentType(contentType(file.getFileName().toString()));
        response.setContentLengthLong(Files.size(file));
        try (OutputStream out = response.getOutputStream()) {
            Files.copy(file, out);
        }
    }

    private static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (lower.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (lower.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (lower.endsWith(".png")) {
            return "image/png";
        } else if (lower.endsWith(".gif")) {
            return "image/gif";
        } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        } else if (lower.endsWith(".json")) {
            return "application/json";
        } else if (lower.endsWith(".txt") || lower.endsWith(".csv")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static void json(HttpServletResponse response, int status, JsonElement body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        json(response, status, body);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
