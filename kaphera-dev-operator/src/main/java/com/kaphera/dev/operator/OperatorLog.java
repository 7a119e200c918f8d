package com.kaphera.dev.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * One line per event worth knowing (start, kinds found, status written, failures), to stdout or
 * appended to a file. Object bodies are never logged; names and server messages are, with control
 * characters replaced so nothing a client wrote can forge a log line.
 */
public final class OperatorLog implements Consumer<String>, AutoCloseable {

  private final PrintStream out;
  private final boolean owned;

  private OperatorLog(PrintStream out, boolean owned) {
    this.out = out;
    this.owned = owned;
  }

  public static OperatorLog stdout() {
    return new OperatorLog(System.out, false);
  }

  public static OperatorLog appendingTo(Path file) throws IOException {
    OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new OperatorLog(new PrintStream(stream, true, StandardCharsets.UTF_8), true);
  }

  @Override
  public synchronized void accept(String message) {
    String line = message.replaceAll("\\p{Cntrl}", "?");
    out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " dev-operator " + line);
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (owned) {
      out.close();
    }
  }
}
