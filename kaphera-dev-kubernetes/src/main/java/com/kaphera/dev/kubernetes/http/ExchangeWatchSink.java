package com.kaphera.dev.kubernetes.http;

import com.kaphera.dev.kubernetes.api.ApiResponse;
import com.kaphera.dev.kubernetes.watch.WatchSink;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A watch response on a JDK HTTP exchange: status 200 with no length (so the server uses chunked
 * transfer encoding), one JSON object per line, flushed per event so the client sees it at once.
 * A write to a client that has gone away fails, which is how a watch notices and frees its thread.
 */
final class ExchangeWatchSink implements WatchSink {

  private static final byte[] NEWLINE = {'\n'};

  private final HttpExchange exchange;
  private OutputStream out;

  ExchangeWatchSink(HttpExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void reject(ApiResponse response) throws IOException {
    HttpFront.write(exchange, response);
  }

  @Override
  public void open() throws IOException {
    exchange.getResponseHeaders().set("Content-Type", ApiResponse.JSON);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
    exchange.sendResponseHeaders(200, 0);
    out = exchange.getResponseBody();
  }

  @Override
  public void send(String line) throws IOException {
    out.write(line.getBytes(StandardCharsets.UTF_8));
    out.write(NEWLINE);
    out.flush();
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      // the client is gone; closing the exchange below releases the connection
    } finally {
      exchange.close();
    }
  }
}
