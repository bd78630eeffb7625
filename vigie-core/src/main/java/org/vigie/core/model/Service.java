package org.vigie.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A monitored online service, as the catalogue describes it.
 *
 * @param slug stable identifier used in URLs ({@code instagram})
 * @param name display name
 * @param category free-form grouping ("social", "isp", "gaming"…)
 * @param parent parent company slug ({@code meta}), or null
 * @param upstreams providers this service depends on (a CDN, a cloud), possibly empty
 * @param aliases other names people use, for matching social posts
 * @param hashtags hashtags people use when it breaks, without the '#'
 * @param indicators the problem kinds users may report, in display order; never empty
 * @param domains host names to probe
 * @param statusPage the official status page URL, or null when there is none
 * @param countries where the service operates (ISO alpha-2), empty meaning worldwide
 */
public record Service(
    String slug,
    String name,
    String category,
    String parent,
    List<String> upstreams,
    List<String> aliases,
    List<String> hashtags,
    List<Indicator> indicators,
    List<String> domains,
    String statusPage,
    List<String> countries) {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public Service {
    Objects.requireNonNull(slug, "slug");
    if (!SLUG.matcher(slug).matches()) {
      throw new IllegalArgumentException(
          "slug '" + slug + "' must be lower-case letters, digits and dashes (at most 63)");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("service '" + slug + "' has no name");
    }
    upstreams = List.copyOf(upstreams == null ? List.of() : upstreams);
    aliases = List.copyOf(aliases == null ? List.of() : aliases);
    hashtags = List.copyOf(hashtags == null ? List.of() : hashtags);
    indicators = List.copyOf(indicators == null ? List.of() : indicators);
    domains = List.copyOf(domains == null ? List.of() : domains);
    countries = List.copyOf(countries == null ? List.of() : countries);
    if (indicators.isEmpty()) {
      throw new IllegalArgumentException("service '" + slug + "' has no indicators");
    }
    if (indicators.stream().map(Indicator::slug).distinct().count() != indicators.size()) {
      throw new IllegalArgumentException("service '" + slug + "' lists an indicator twice");
    }
  }

  public Optional<Indicator> indicator(String indicatorSlug) {
    for (Indicator i : indicators) {
      if (i.slug().equals(indicatorSlug)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The indicator used when a report names none: the first one listed. */
  public Indicator defaultIndicator() {
    return indicators.getFirst();
  }
}
