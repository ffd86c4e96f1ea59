package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The web page served by a real framework with the application's bundles (Felix HTTP Jetty, the web bundle, the
 * core): its security (token, paths, upload limits, loopback only), its JSON API against the Gogo commands, and the
 * page itself in Debian's Chromium driven by Playwright ({@code src/test/browser/page.test.mjs}).
 */
class WebPageTest {

    private static final String TOKEN = "0123456789abcdef-test-token";

    @TempDir
    static Path home;
    private static OsgiFramework osgi;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path app = OsgiFramework.appDir();
        Path etc = Files.createDirectories(home.resolve("etc"));
        try (Stream<Path> files = Files.list(app.resolve("etc"))) {
            for (Path cfg : files.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                Files.copy(cfg, etc.resolve(cfg.getFileName()));
            }
        }
        Files.createSymbolicLink(home.resolve("models"), app.resolve("models"));
        Files.createDirectories(home.resolve("plugins"));
        scene(Files.createDirectories(home.resolve("images/scenes")).resolve("scene.png"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(etc.resolve("org.alphaclip.web.cfg"), String.join("\n", "enabled = true",
                "host = 127.0.0.1", "port = " + port, "token = " + TOKEN, "maxUploadMegabytes = 1",
                "maxPixels = 4000000", "imagesFolder = " + home.resolve("images"), "workFolder = " + home.resolve("web"),
                ""));
        osgi = OsgiFramework.startLikeTheApplication(home, Map.of());
        OsgiFramework.await("the web page answers", Duration.ofSeconds(60), WebPageTest::answers);
    }

    @AfterAll
    static void stop() throws Exception {
        if (osgi != null) {
            osgi.close();
        }
    }

    /** A large red circle and a small blue square on light grey, 320 x 240. */
    private static void scene(Path file) throws IOException {
        BufferedImage picture = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(new Color(230, 230, 230));
        g.fillRect(0, 0, 320, 240);
        g.setColor(Color.RED);
        g.fillOval(150, 40, 150, 150);
        g.setColor(Color.BLUE);
        g.fillRect(30, 130, 70, 70);
        g.dispose();
        ImageIO.write(picture, "png", file.toFile());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/alphaclip/" + path);
    }

    private static HttpResponse<String> get(String path, boolean withToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (withToken) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String type)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", type).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject().get("error").getAsString();
    }

    /** Runs a job and waits for its end. */
    private static JsonObject job(String body) throws Exception {
        HttpResponse<String> started = post("api/jobs", HttpRequest.BodyPublishers.ofString(body), "application/json");
        assertEquals(202, started.statusCode(), started.body());
        String id = JsonParser.parseString(started.body()).getAsJsonObject().get("id").getAsString();
        for (int i = 0; i < 600; i++) {
            JsonObject job = JsonParser.parseString(get("api/jobs/" + id, true).body()).getAsJsonObject();
            String state = job.get("state").getAsString();
            if (!state.equals("queued") && !state.equals("running")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end");
    }

    @Test
    void withoutTheTokenEverythingIs401() throws Exception {
        for (String path : List.of("", "app.js", "api/tasks", "api/files/images/scenes/scene.png")) {
            HttpResponse<String> response = get(path, false);
            assertEquals(401, response.statusCode(), path);
            assertTrue(error(response).contains("access token"), response.body());
        }
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(uri("api/tasks"))
                .header("Authorization", "Bearer not-the-token").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(uri("?token=" + TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, page.statusCode(), "the token address leads to the page and leaves a cookie");
        assertTrue(page.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly; SameSite=Strict"));
    }

    @Test
    void pathsOutsideTheImagesFolderAreRefused() throws Exception {
        Files.writeString(home.resolve("secret.txt"), "not for the page");
        assertEquals(200, get("api/files/images/scenes/scene.png", true).statusCode());
        for (String path : List.of("api/files/images/..%2Fsecret.txt", "api/files/images/scenes%2F..%2F..%2Fsecret.txt",
                "api/files/etc%2Fpasswd", "api/images?folder=..")) {
            HttpResponse<String> response = get(path, true);
            assertEquals(403, response.statusCode(), path + ": " + response.body());
        }
        JsonObject asFile = JsonParser.parseString(post("api/jobs", HttpRequest.BodyPublishers.ofString(
                "{\"command\":\"alphaclip:overlay\",\"options\":{\"--image\":{\"file\":\"images/../secret.txt\"},"
                        + "\"--out\":{\"output\":\"o.png\"}}}"), "application/json").body()).getAsJsonObject();
        assertTrue(asFile.get("error").getAsString().contains("outside"), asFile.toString());
        HttpResponse<String> plainPath = post("api/jobs", HttpRequest.BodyPublishers.ofString(
                "{\"command\":\"alphaclip:overlay\",\"options\":{\"--image\":\"" + home.resolve("secret.txt")
                        + "\",\"--out\":{\"output\":\"o.png\"}}}"), "application/json");
        assertEquals(403, plainPath.statusCode());
        assertTrue(error(plainPath).contains("looks like a path"), plainPath.body());
        assertEquals(List.of("images/scenes/scene.png"), List.of(JsonParser.parseString(get("api/images?folder=", true)
                .body()).getAsJsonObject().getAsJsonArray("images").get(0).getAsString()));
    }

    @Test
    void anOversizedOrBrokenUploadIsRefusedWithAMessage() throws Exception {
        HttpResponse<String> big = post("api/uploads?name=big.png",
                HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]), "image/png");
        assertEquals(413, big.statusCode(), big.body());
        assertTrue(error(big).contains("larger than the page's limit of 1 MB"), big.body());
        HttpResponse<String> broken = post("api/uploads?name=x.png",
                HttpRequest.BodyPublishers.ofString("not an image"), "image/png");
        assertEquals(400, broken.statusCode(), broken.body());
        assertTrue(error(broken).contains("not an image the application reads"), broken.body());
        try (Stream<Path> left = Files.list(home.resolve("web/uploads"))) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(".part")), "nothing half-written is kept");
        }
    }

    @Test
    void turningThePageOffClosesThePortAndOnOpensIt() throws Exception {
        Path cfg = home.resolve("etc/org.alphaclip.web.cfg");
        String on = Files.readString(cfg);
        try {
            Files.writeString(cfg, on.replace("enabled = true", "enabled = false"));
            OsgiFramework.await("the port closed", Duration.ofSeconds(30), () -> !listening());
            assertTrue(osgi.bundle("org.apache.felix.http.jetty").getState() != org.osgi.framework.Bundle.ACTIVE,
                    "the HTTP server bundle is stopped while the page is off");
        } finally {
            Files.writeString(cfg, on);
            OsgiFramework.await("the page back", Duration.ofSeconds(30), WebPageTest::listening);
        }
        OsgiFramework.await("the page answers again", Duration.ofSeconds(30), WebPageTest::answers);
    }

    private static boolean answers() {
        try {
            return get("api/tasks", true).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theServerAnswersOnLoopbackOnly() throws Exception {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.2", port), 2000);
            }
        }, "bound to 127.0.0.1 only: another address of this machine is refused");
    }

    @Test
    void theJsonApiRunsTheGogoCommandsWithTheirErrors() throws Exception {
        JsonObject classified = job("{\"command\":\"alphaclip:classify\",\"options\":{\"--image\":{\"file\":"
                + "\"images/scenes/scene.png\"},\"--box\":\"30,130,100,200\",\"--json\":true},"
                + "\"arguments\":[\"red circle\",\"blue square\"]}");
        assertEquals("done", classified.get("state").getAsString(), classified.toString());
        String top = JsonParser.parseString(classified.get("result").getAsString()).getAsJsonObject()
                .getAsJsonArray("results").get(0).getAsJsonObject().get("label").getAsString();
        assertEquals("blue square", top, classified.toString());
        assertEquals(osgi.execute("alphaclip:classify --image " + home.resolve("images/scenes/scene.png")
                + " --box 30,130,100,200 --json 'red circle' 'blue square'").strip(),
                classified.get("result").getAsString().strip(), "the same result as the shell's");

        JsonObject failed = job("{\"command\":\"alphaclip:classify\",\"options\":{\"--image\":{\"file\":"
                + "\"images/scenes/scene.png\"},\"--box\":\"1,2,3\"},\"arguments\":[\"a\",\"b\"]}");
        assertEquals("failed", failed.get("state").getAsString(), failed.toString());
        assertTrue(failed.get("error").getAsString().startsWith("Error: ") && failed.get("error").getAsString()
                .contains("x0,y0,x1,y1"), failed.toString());
        HttpResponse<String> unknown = post("api/jobs", HttpRequest.BodyPublishers.ofString(
                "{\"command\":\"system:exit\"}"), "application/json");
        assertEquals(404, unknown.statusCode());
        assertTrue(error(unknown).contains("No installed task has the command 'system:exit'"), unknown.body());
        HttpResponse<String> curlStyle = post("api/uploads?name=scene.png", HttpRequest.BodyPublishers.ofFile(
                home.resolve("images/scenes/scene.png")), "application/x-www-form-urlencoded");
        assertEquals(201, curlStyle.statusCode(), "an upload sent as curl --data-binary sends it: " + curlStyle.body());
        JsonObject described = JsonParser.parseString(get("api/commands/alphaclip:classify", true).body())
                .getAsJsonObject();
        assertTrue(described.toString().contains("\"--stroke\""), described.toString());
    }

    @Test
    void thePageWorksInARealBrowser() throws Exception {
        Path browserTests = Path.of("src/test/browser").toAbsolutePath();
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertTrue(Files.isExecutable(chromium), "The browser tests need Chromium at " + chromium
                + " (Debian: apt-get install chromium; or set CHROMIUM)");
        assertTrue(Files.isDirectory(browserTests.resolve("node_modules/playwright-core")), "The browser tests need"
                + " playwright-core: the build runs npm ci in " + browserTests + " (skipped with -Dexec.skip)");
        Path plugins = OsgiFramework.appDir().resolve("plugins");
        Path rec;
        try (Stream<Path> jars = Files.list(plugins)) {
            rec = jars.filter(p -> p.getFileName().toString().startsWith("org.alphaclip.plugin.rec")).findFirst()
                    .orElseThrow();
        }
        Path screenshot = Path.of("target/web-page.png").toAbsolutePath();
        Path upload = home.resolve("upload-scene.png");
        Files.copy(home.resolve("images/scenes/scene.png"), upload);
        Process node = new ProcessBuilder("node", browserTests.resolve("page.test.mjs").toString(),
                uri("?token=" + TOKEN).toString(), upload.toString(), "45,150/85,185", "blue square", rec.toString(),
                home.resolve("plugins").toString(), "rec:locate", screenshot.toString())
                .directory(browserTests.toFile()).redirectErrorStream(true).start();
        boolean ended = node.waitFor(240, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            node.destroyForcibly();
        }
        System.out.println(output);
        assertTrue(ended, "the browser test did not end in 240 s: " + output);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("PASS") && Files.size(screenshot) > 10_000, output);
    }
}
