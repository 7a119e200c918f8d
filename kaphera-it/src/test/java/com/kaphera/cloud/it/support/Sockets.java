package com.kaphera.cloud.it.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a local process listens on, as {@code ss} (iproute2) reports it. */
public final class Sockets {
    private static final Pattern PID = Pattern.compile("pid=(\\d+),");

    private Sockets() {
    }

    /**
     * The local addresses ({@code host:port} as ss prints them, e.g. {@code [::ffff:127.0.0.1]:8080},
     * {@code 0.0.0.0:53}, {@code *:80}) of every listening TCP socket and bound UDP socket of process
     * {@code pid} and its descendants.
     */
    public static List<String> listening(long pid) {
        Set<Long> pids = Stream.concat(Stream.of(pid),
                        ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                .collect(Collectors.toSet());
        List<String> addresses = new ArrayList<>();
        // -H no header, -l listening (UNCONN for UDP), -t -u both protocols, -n numeric, -p owning process.
        for (String line : Processes.run("ss", "-Hltunp").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length < 6) {
                continue;
            }
            Matcher owners = PID.matcher(line);
            while (owners.find()) {
                if (pids.contains(Long.parseLong(owners.group(1)))) {
                    addresses.add(columns[4]);
                    break;
                }
            }
        }
        return addresses;
    }

    /** Whether an ss local address is on a loopback address (IPv4-mapped loopback included); a wildcard is not. */
    public static boolean isLoopback(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        if (host.isEmpty() || host.equals("*")) {
            return false;
        }
        try {
            // ::ffff:127.0.0.1 becomes an Inet4Address 127.0.0.1 here.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
