package com.kaphera.cloud.common;

/** This server instance's name among several on one database: host and Liberty server name, stable across restarts. */
public final class ServerInstance {
    private ServerInstance() {
    }

    /** "host:server": the prefix of every lease this instance takes (joins, invoice runs). */
    public static String name() {
        String name = System.getProperty("wlp.server.name");
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + (name == null ? "server" : name);
    }
}
