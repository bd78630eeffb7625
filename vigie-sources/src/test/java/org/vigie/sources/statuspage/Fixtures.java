package org.vigie.sources.statuspage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real captures in ../shared/data/statuspage (see its README). */
final class Fixtures {
  private Fixtures() {}

  static Path dir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path d = p.resolve("shared/data/statuspage");
      if (Files.isDirectory(d)) {
        return d;
      }
      Path sibling = p.resolveSibling("shared").resolve("data/statuspage");
      if (Files.isDirectory(sibling)) {
        return sibling;
      }
    }
    throw new IllegalStateException("../shared/data/statuspage not found from " + Path.of("").toAbsolutePath());
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
