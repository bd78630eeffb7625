package org.vigie.sources.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.Service;

/**
 * The catalogue Vigie ships (vigie-server's catalogue.yaml, a file of this repository), read for
 * its matching fields only: this module may not depend on the server, and the evaluation must
 * run against the real aliases, not a copy that drifts.
 */
final class TestCatalogue {
  static final Path FILE = Path.of("../vigie-server/src/main/resources/org/vigie/server/catalogue.yaml");
  private static Catalogue cached;

  private TestCatalogue() {}

  static synchronized Catalogue shipped() {
    if (cached == null) {
      try {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(FILE));
        List<Service> services = new ArrayList<>();
        for (JsonNode s : root.path("services")) {
          services.add(new Service(s.path("slug").asText(), s.path("name").asText(), s.path("category").asText(null),
              s.path("parent").asText(null), List.of(), strings(s.path("aliases")), strings(s.path("hashtags")),
              List.of(new Indicator("app", "App", "Application")), strings(s.path("domains")), null, List.of()));
        }
        cached = Catalogue.of(services);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cached;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }
}
