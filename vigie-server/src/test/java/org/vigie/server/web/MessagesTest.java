package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.PublicStatus;

/** Every string of the interface exists in both languages, and every key the code uses exists. */
class MessagesTest {
  @Test
  void frenchAndEnglishHaveTheSameKeysAndPlaceholders() {
    Messages en = Messages.of("en");
    Messages fr = Messages.of("fr");
    assertThat(fr.all().keySet()).isEqualTo(en.all().keySet());
    for (String k : en.all().keySet()) {
      assertThat(placeholders(fr.t(k))).as(k).isEqualTo(placeholders(en.t(k)));
    }
  }

  @Test
  void statusLabelsMatchTheCore() {
    for (PublicStatus s : PublicStatus.values()) {
      assertThat(Messages.of("en").t("status." + s.name())).isEqualTo(s.label("en"));
      assertThat(Messages.of("fr").t("status." + s.name())).isEqualTo(s.label("fr"));
    }
  }

  @Test
  void everyLiteralKeyInTheCodeAndScriptsExists() throws IOException {
    Set<String> used = new HashSet<>();
    Path java = Path.of("src/main/java/org/vigie/server/web");
    Path js = Path.of("src/main/resources/org/vigie/server/web/assets");
    Pattern p = Pattern.compile("\\bt\\(\\s*['\"]([a-z0-9_.-]+)['\"]");
    for (Path dir : new Path[] {java, js}) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Matcher m = p.matcher(Files.readString(f));
          while (m.find()) {
            if (!m.group(1).endsWith(".")) {
              used.add(m.group(1));
            }
          }
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(100);
    assertThat(Messages.of("en").all().keySet()).containsAll(used);
  }

  private static Set<String> placeholders(String s) {
    Set<String> out = new HashSet<>();
    Matcher m = Pattern.compile("\\{\\d}").matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
