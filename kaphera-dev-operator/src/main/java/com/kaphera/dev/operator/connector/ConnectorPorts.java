package com.kaphera.dev.operator.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The loopback ports of one EDC process, one per web context. */
public record ConnectorPorts(int defaultPort, int management, int protocol, int control, int version) {

  /**
   * Five ports free right now on 127.0.0.1 (held together while choosing, so they differ). Another
   * process may take one before EDC binds it; EDC then fails to start and is started again on new ports.
   */
  public static ConnectorPorts allocate() {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return new ConnectorPorts(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(),
          sockets.get(2).getLocalPort(), sockets.get(3).getLocalPort(), sockets.get(4).getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // it was only held to choose the port
        }
      }
    }
  }
}
