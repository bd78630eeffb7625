package org.vigie.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServiceTest {
  static final Indicator APP = new Indicator("app", "App", "Application");
  static final Indicator LOGIN = new Indicator("login", "Login", "Connexion");
  static final Indicator FEED = new Indicator("feed", "News feed", "Fil d'actualité");

  static Service service(String slug, String parent, List<Indicator> indicators) {
    return new Service(slug, slug.toUpperCase(), "social", parent, null, null, null, indicators, null, null, null);
  }

  @Test
  void keepsIndicatorsInOrderAndDefaultsToTheFirst() {
    Service instagram = service("instagram", "meta", List.of(APP, LOGIN, FEED));
    assertThat(instagram.defaultIndicator()).isEqualTo(APP);
    assertThat(instagram.indicator("login")).contains(LOGIN);
    assertThat(instagram.indicator("messages")).isEmpty();
    assertThat(instagram.upstreams()).isEmpty();
    assertThat(instagram.countries()).isEmpty();
  }

  @Test
  void isImmutableEvenIfTheCallerKeepsItsList() {
    List<Indicator> list = new ArrayList<>(List.of(APP));
    Service s = service("instagram", null, list);
    list.add(LOGIN);
    assertThat(s.indicators()).containsExactly(APP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Instagram", "-instagram", "insta gram", "insta_gram", "instagram!", "é"})
  void refusesABadSlug(String slug) {
    assertThatThrownBy(() -> service(slug, null, List.of(APP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slug");
  }

  @Test
  void acceptsSlugsOfUpTo63Characters() {
    assertThat(service("playstation-network", null, List.of(APP)).slug()).isEqualTo("playstation-network");
    assertThat(service("a".repeat(63), null, List.of(APP)).slug()).hasSize(63);
    assertThatThrownBy(() -> service("a".repeat(64), null, List.of(APP))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAServiceWithoutIndicators() {
    assertThatThrownBy(() -> service("instagram", null, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no indicators");
    assertThatThrownBy(() -> service("instagram", null, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnIndicatorListedTwice() {
    Indicator appAgain = new Indicator("app", "Mobile app", "Appli");
    assertThatThrownBy(() -> service("instagram", null, List.of(APP, LOGIN, appAgain)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void refusesAServiceWithoutAName() {
    assertThatThrownBy(
            () -> new Service("instagram", " ", "social", null, null, null, null, List.of(APP), null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no name");
  }

  @Test
  void indicatorLabelsInBothLanguages() {
    assertThat(FEED.label("fr")).isEqualTo("Fil d'actualité");
    assertThat(FEED.label("en")).isEqualTo("News feed");
    assertThat(FEED.label("de")).as("anything else falls back to English").isEqualTo("News feed");
  }
}
