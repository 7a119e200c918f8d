package com.kaphera.cloud.it.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One real Open Liberty server running the built EAR with the shared liberty-config, configured the
 * way production is: through environment variables only.
 */
public final class LibertyServer {
    private final String name;
    private final int httpPort;
    private final Map<String, String> env = new HashMap<>();
    private boolean running;

    LibertyServer(String name, Map<String, String> env) {
        this.name = name;
        // A port given in env is kept (a server restarted on its address, as behind a load balancer).
        this.httpPort = env.containsKey("KAPHERA_HTTP_PORT") ? Integer.parseInt(env.get("KAPHERA_HTTP_PORT"))
                : Processes.freePort();
        this.env.putAll(env);
        this.env.put("KAPHERA_HTTP_PORT", Integer.toString(httpPort));
        this.env.put("KAPHERA_HTTPS_PORT", Integer.toString(Processes.freePort()));
        this.env.put("KAPHERA_HTTP_HOST", "127.0.0.1");
        // The dataspace issuers' DIDs name the address wallets reach this server at.
        this.env.putIfAbsent("KAPHERA_DCP_PUBLIC_BASE_URL", baseUri().toString());
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public Path serverDir() {
        return Config.wlp().resolve("usr/servers").resolve(name);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        launch();
        awaitReady(Duration.ofSeconds(180));
    }

    /** Assembles and starts the server without waiting for it to be ready (tests of refusals to start). */
    public synchronized void launch() {
        try {
            assemble();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot assemble server " + name, e);
        }
        Processes.run(env, Config.wlp().resolve("bin/server").toString(), "start", name, "--clean");
        running = true;
    }

    public synchronized void stop() {
        if (running) {
            running = false;
            Processes.run(Config.wlp().resolve("bin/server").toString(), "stop", name);
        }
    }

    /** Waits until /health/ready answers 200 (the database is reachable and migrated). */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Http http = new Http(baseUri());
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = http.get("/health/ready").status();
                if (last == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            sleep(250);
        }
        throw new IllegalStateException("Server " + name + " not ready after " + timeout + " (last status " + last
                + ")\n" + logTail());
    }

    /** The server's process id from Liberty's pid file, or -1 before its first start. */
    public long pid() {
        Path pidFile = serverDir().getParent().resolve(".pid").resolve(name + ".pid");
        try {
            return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Waits until the server's process has gone (it halted, as kill -9 would leave it); then it counts as stopped. */
    public void awaitHalted(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            long pid = pid();
            if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                synchronized (this) {
                    running = false;
                }
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("Server " + name + " did not halt within " + timeout + "\n" + logTail());
    }

    public String logTail() {
        Path log = serverDir().resolve("logs/messages.log");
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    public String messagesLog() throws IOException {
        return Files.readString(serverDir().resolve("logs/messages.log"));
    }

    private void assemble() throws IOException {
        Path dir = serverDir();
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir.resolve("apps"));
        Files.createDirectories(dir.resolve("lib"));
        try (Stream<Path> files = Files.list(Config.libertyConfig())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(Config.artifacts().resolve("kaphera.ear"), dir.resolve("apps/kaphera.ear"));
        try (Stream<Path> files = Files.list(Config.artifacts())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("postgresql-")).toList()) {
                Files.copy(f, dir.resolve("lib").resolve(f.getFileName()));
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
