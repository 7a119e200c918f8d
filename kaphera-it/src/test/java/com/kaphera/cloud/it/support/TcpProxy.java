package com.kaphera.cloud.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of a dependency, so a test can make it vanish ({@link #cut()}:
 * existing connections reset, new ones refused), hang ({@link #stall()}: connections accepted but
 * nothing answers), go silent on the connections already open ({@link #silenceExisting()}) and
 * come back ({@link #restore()}) on the same port, without restarting it.
 */
public final class TcpProxy implements AutoCloseable {
    private final int target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> silenced = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean stalled;
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();

    TcpProxy(int target) {
        this.target = target;
        this.port = Processes.freePort();
        restore();
    }

    /** A relay to a loopback port of the test's choosing (e.g. another Liberty server), listening at once. */
    public static TcpProxy to(int targetPort) {
        return new TcpProxy(targetPort);
    }

    public int port() {
        return port;
    }

    /** Connections accepted so far (who talked to the dependency through this relay, and how often). */
    public long connections() {
        return accepted.get();
    }

    /** The dependency is gone: connections drop and new ones are refused. */
    public synchronized void cut() {
        closeServer();
        dropConnections();
    }

    /** The dependency hangs: new connections are accepted and never answered. */
    public synchronized void stall() {
        stalled = true;
        dropConnections();
        if (server == null) {
            listen();
        }
    }

    /**
     * The connections open now go silent for good, as through a dead proxy or node (half-open: nothing
     * is closed, nothing passes any more); new connections work.
     */
    public synchronized void silenceExisting() {
        silenced.addAll(sockets);
    }

    /** The dependency is back. */
    public synchronized void restore() {
        stalled = false;
        if (server == null) {
            listen();
        }
    }

    @Override
    public synchronized void close() {
        closeServer();
        dropConnections();
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            Thread accept = new Thread(() -> acceptLoop(s), "tcp-proxy-" + port);
            accept.setDaemon(true);
            accept.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + port, e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                accepted.incrementAndGet();
                sockets.add(client);
                if (stalled) {
                    continue; // accepted, never answered
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by cut() or a failed upstream connect: keep accepting while listening
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (silenced.contains(from)) {
                        continue; // swallowed: the peer never hears of it
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeServer() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            closeQuietly(s);
        }
    }

    private void dropConnections() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0); // reset, as a crashed peer would
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(socket);
        }
        sockets.clear();
        silenced.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }
}
