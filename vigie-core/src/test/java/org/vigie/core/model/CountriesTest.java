package org.vigie.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CountriesTest {
  @ParameterizedTest
  @ValueSource(strings = {"US", "DE", "NL", "FR", "GB", "BR", "IN", "JP", "ZZ"})
  void acceptsAssignedCodesAndUnknown(String code) {
    assertThat(Countries.isValid(code)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "us", "Us", "USA", "XX", "UK", "*", "U", "12"})
  void refusesEverythingElse(String code) {
    assertThat(Countries.isValid(code)).isFalse();
  }

  @Test
  void worldIsNotACountry() {
    assertThat(Countries.isValid(Countries.WORLD)).isFalse();
  }

  @Test
  void namesInEnglishAndFrench() {
    assertThat(Countries.name("DE", "en")).isEqualTo("Germany");
    assertThat(Countries.name("DE", "fr")).isEqualTo("Allemagne");
    assertThat(Countries.name(Countries.WORLD, "en")).isEqualTo("World");
    assertThat(Countries.name(Countries.WORLD, "fr")).isEqualTo("Monde");
    assertThat(Countries.name(Countries.UNKNOWN, "en")).isEqualTo("Unknown");
  }
}
