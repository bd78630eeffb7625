package org.vigie.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegionTest {
  @Test
  void coordinatesAreRoundedToATenthOfADegree() {
    Region paris = new Region("FR", "FR-IDF", "Paris", 48.85661, 2.35222);
    assertThat(paris.lat()).isEqualTo(48.9);
    assertThat(paris.lon()).isEqualTo(2.4);

    Region santiago = new Region("CL", null, "Santiago", -33.44889, -70.66927);
    assertThat(santiago.lat()).isEqualTo(-33.4);
    assertThat(santiago.lon()).isEqualTo(-70.7);
  }

  @Test
  void missingCoordinatesStayMissing() {
    Region us = Region.country("US");
    assertThat(us.lat()).isNull();
    assertThat(us.lon()).isNull();
    assertThat(us.country()).isEqualTo("US");
  }

  @Test
  void roundedRegionsWithTheSamePlaceAreEqual() {
    assertThat(new Region("FR", null, null, 48.8566, 2.3522)).isEqualTo(new Region("FR", null, null, 48.87, 2.35));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "fr", "FRA", "XX", "UK", "*", "F1"})
  void refusesWhatIsNotAnIsoCountryCode(String code) {
    assertThatThrownBy(() -> Region.country(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO 3166-1");
  }

  @Test
  void unknownCountryIsZz() {
    assertThat(Region.UNKNOWN.country()).isEqualTo(Countries.UNKNOWN).isEqualTo("ZZ");
    assertThat(Region.country("ZZ")).isEqualTo(Region.UNKNOWN);
  }
}
