package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void textAndAttributesAreEscaped() {
    String s = new Html(64).raw("<p").attr("title", "\"><script>").raw(">").text("<b>&'</b>").raw("</p>").toString();
    assertThat(s).isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;&#39;&lt;/b&gt;</p>");
  }

  @Test
  void aJsonBlockCannotCloseItsScriptElement() {
    String s = Html.jsonBlock(Map.of("x", "</script><script>alert(1)</script>"));
    assertThat(s).doesNotContain("<").doesNotContain(">").contains("\\u003c/script\\u003e");
  }

  @Test
  void tenthsFormatsWithoutLocale() {
    assertThat(new Html(8).tenths(3.14).raw(' ').tenths(-0.26).raw(' ').tenths(12).toString()).isEqualTo("3.1 -0.3 12");
  }

  @Test
  void languageFromAcceptLanguage() {
    assertThat(Lang.fromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8")).isEqualTo("fr");
    assertThat(Lang.fromAcceptLanguage("de-DE,en;q=0.7,fr;q=0.8")).isEqualTo("fr");
    assertThat(Lang.fromAcceptLanguage("de-DE")).isEqualTo("en");
    assertThat(Lang.fromAcceptLanguage("")).isEqualTo("en");
    assertThat(Lang.fromAcceptLanguage("fr;q=0, en")).isEqualTo("en");
  }

  @Test
  void theWorldMapHasTheCountriesPeopleReportFrom() {
    WorldMap map = WorldMap.load();
    assertThat(map.paths()).containsKeys("FR", "US", "DE", "NL", "BR", "IN", "JP", "AU", "RU", "FJ").doesNotContainKey("AQ");
    assertThat(map.paths().size()).isGreaterThan(160);
    double[] paris = map.project(2.35, 48.85);
    assertThat(paris[0]).isBetween(500.0, 530.0);
    assertThat(paris[1]).isBetween(0.0, map.height() / 2);
    int bytes = map.paths().values().stream().mapToInt(String::length).sum();
    assertThat(bytes).isLessThan(120_000);
  }
}
