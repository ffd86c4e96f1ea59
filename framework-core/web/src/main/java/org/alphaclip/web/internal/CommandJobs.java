package org.alphaclip.web.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Runs Gogo commands for the page, as jobs: each in its own command session whose console (progress bars, tokens as
 * they are generated) is kept for the page to read while it runs; the result is what the shell would print. A job is
 * cancelled by interrupting it, as Ctrl-C does in the shell. Values reach the command as session variables, never as
 * text spliced into a command line, and files only as references {@link WebFiles} resolves.
 */
final class CommandJobs implements AutoCloseable {

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");
    private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,80}");
    private static final Pattern NUMBER_LIST = Pattern.compile("[-0-9.,;/ ]*");
    private static final int KEPT = 50;
    private static final int CONSOLE_LIMIT = 256 * 1024;

    private final CommandProcessor processor;
    private final WebFiles files;
    private final ExecutorService pool;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    CommandJobs(CommandProcessor processor, WebFiles files, int concurrent) {
        this.processor = processor;
        this.files = files;
        this.pool = Executors.newFixedThreadPool(concurrent, r -> {
            Thread t = new Thread(r, "alphaclip-web-job");
            t.setDaemon(true);
            return t;
        });
    }

    /** A job's state. */
    enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** One command run. */
    static final class Job {
        final String id;
        final String command;
        final Path folder;
        private final StringBuilder console = new StringBuilder();
        private volatile State state = State.QUEUED;
        private volatile String result;
        private volatile String error;
        private Future<?> future;

        Job(String id, String command, Path folder) {
            this.id = id;
            this.command = command;
            this.folder = folder;
        }

        synchronized void write(String text) {
            console.append(text);
            if (console.length() > CONSOLE_LIMIT) {
                console.delete(0, console.length() - CONSOLE_LIMIT);
            }
        }

        synchronized String console() {
            return console.toString();
        }
    }

    /**
     * Checks and starts a command.
     *
     * @param options option name to value: a string, number or boolean (true: the flag is given), {@code {"file":
     *        REF}} for an input file, {@code {"output": NAME}} for a file the command writes into the job's folder
     * @param arguments the command's trailing words (labels, texts)
     * @throws WebException when the command is not installed or a value is not allowed
     */
    Job submit(String command, Map<String, JsonElement> options, List<String> arguments, java.util.Set<String> installed)
            throws IOException {
        if (!installed.contains(command)) {
            throw new WebException(404, "No installed task has the command '" + command + "'; installed: "
                    + String.join(", ", installed));
        }
        String id = Integer.toString(ids.incrementAndGet());
        Path folder = files.jobFolder(id);
        List<Object> values = new ArrayList<>();
        StringBuilder line = new StringBuilder(command);
        for (Map.Entry<String, JsonElement> option : options.entrySet()) {
            String name = option.getKey();
            if (!OPTION.matcher(name).matches()) {
                throw new WebException(400, "'" + name + "' is not an option name (--name)");
            }
            JsonElement value = option.getValue();
            if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
                if (value.getAsBoolean()) {
                    line.append(' ').append(name);
                }
                continue;
            }
            values.add(value(name, value, folder));
            line.append(' ').append(name).append(" $v").append(values.size() - 1);
        }
        for (String argument : arguments) {
            values.add(plain("a trailing word", argument));
            line.append(" $v").append(values.size() - 1);
        }
        Job job = new Job(id, command, folder);
        synchronized (jobs) {
            jobs.put(id, job);
            while (jobs.size() > KEPT) {
                jobs.remove(jobs.keySet().iterator().next());
            }
        }
        job.future = pool.submit(() -> run(job, line.toString(), values));
        return job;
    }

    /** A job by id. */
    Job job(String id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            if (job == null) {
                throw new WebException(404, "No job " + id);
            }
            return job;
        }
    }

    /** Cancels a job (interrupts it when it runs). */
    void cancel(String id) {
        Job job = job(id);
        if (job.state == State.QUEUED || job.state == State.RUNNING) {
            job.future.cancel(true);
            job.state = State.CANCELLED;
            job.write(System.lineSeparator() + "cancelled" + System.lineSeparator());
        }
    }

    /** A job as the page reads it. */
    JsonObject toJson(Job job) throws IOException {
        JsonObject out = new JsonObject();
        out.addProperty("id", job.id);
        out.addProperty("command", job.command);
        out.addProperty("state", job.state.name().toLowerCase(java.util.Locale.ROOT));
        out.addProperty("console", job.console());
        if (job.result != null) {
            out.addProperty("result", job.result);
        }
        if (job.error != null) {
            out.addProperty("error", job.error);
        }
        com.google.gson.JsonArray written = new com.google.gson.JsonArray();
        try (Stream<Path> list = Files.walk(job.folder, 3)) {
            list.filter(Files::isRegularFile).sorted().forEach(p -> written.add(files.jobReference(p)));
        }
        out.add("files", written);
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private void run(Job job, String line, List<Object> values) {
        if (job.state == State.CANCELLED) {
            return;
        }
        job.state = State.RUNNING;
        PrintStream console = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                job.write(String.valueOf((char) b));
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                job.write(new String(bytes, offset, length, StandardCharsets.UTF_8));
            }
        }, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), console, console);
        try {
            for (int i = 0; i < values.size(); i++) {
                session.put("v" + i, values.get(i));
            }
            Object result = session.execute(line);
            CharSequence text = result == null ? "" : session.format(result, Converter.INSPECT);
            job.result = text == null ? "" : text.toString();
            if (job.state != State.CANCELLED) {
                job.state = State.DONE;
            }
        } catch (Exception e) {
            if (job.state != State.CANCELLED) {
                job.error = describe(e);
                job.state = State.FAILED;
            }
        } finally {
            console.flush();
            session.close();
        }
    }

    /** The shell's one line for a failure: the innermost invocation's message. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof InvocationTargetException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return "Error: " + (message == null || message.isBlank() ? cause.getClass().getSimpleName() : message);
    }

    private Object value(String name, JsonElement value, Path folder) throws IOException {
        if (value.isJsonObject()) {
            JsonObject object = value.getAsJsonObject();
            if (object.has("file")) {
                return files.resolve(object.get("file").getAsString()).toString();
            }
            if (object.has("output")) {
                String output = object.get("output").getAsString();
                if (!OUTPUT_NAME.matcher(output).matches()) {
                    throw new WebException(400, "Output name '" + output + "' of " + name + " must be a plain file name");
                }
                return folder.resolve(output).toString();
            }
            throw new WebException(400, name + ": an object value is {\"file\": REF} or {\"output\": NAME}");
        }
        if (!value.isJsonPrimitive()) {
            throw new WebException(400, name + ": give a string, number, boolean or file reference");
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        return plain(name, primitive.getAsString());
    }

    /**
     * A plain value: no path separators (but for lists of numbers such as points {@code x,y/x,y}), so a file is only
     * ever reached through a reference.
     */
    private static String plain(String what, String value) {
        boolean numbers = NUMBER_LIST.matcher(value).matches();
        if ((value.indexOf('/') >= 0 && !numbers) || value.indexOf('\\') >= 0) {
            throw new WebException(403, what + ": '" + value + "' looks like a path; give files as {\"file\": REF}"
                    + " (uploads/…, images/…, jobs/…)");
        }
        return value;
    }
}
