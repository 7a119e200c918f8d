package com.kaphera.dev.kubernetes.watch;

import com.kaphera.dev.kubernetes.api.ApiResponse;
import java.io.IOException;

/** Where a watch writes: an HTTP response streamed one JSON line per event. */
public interface WatchSink {

  /** Answers with a complete response instead of a stream (only before {@link #open}). */
  void reject(ApiResponse response) throws IOException;

  /** Sends the 200 status and headers of the stream. */
  void open() throws IOException;

  /**
   * Writes one event line and flushes it to the client.
   *
   * @throws IOException when the client has gone away, which ends the watch
   */
  void send(String line) throws IOException;

  /** Ends the response; never throws. */
  void close();
}
