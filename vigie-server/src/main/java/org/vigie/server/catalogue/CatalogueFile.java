package org.vigie.server.catalogue;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedSet;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.Service;

/**
 * Reads a service catalogue from YAML (the format of the bundled {@code catalogue.yaml}) and turns
 * it into a {@link Catalogue}, or refuses it with a {@link CatalogueException} that says, for every
 * problem found, the file, the line and column, and what to change.
 *
 * <p>Why a hand-walked token stream instead of {@code ObjectMapper.readValue} into records: a
 * Jackson {@code JsonNode} tree forgets where each value came from, and data binding stops at the
 * first error. Operators edit this file by hand, so we want every mistake reported at once, each
 * with the line of the offending service or field. Walking {@link YAMLParser} tokens into a tiny
 * tree that remembers positions gives both, in about a hundred lines.
 */
public final class CatalogueFile {

  /** Class-path location of the catalogue that ships with Vigie. */
  public static final String RESOURCE = "/org/vigie/server/catalogue.yaml";

  /*
   * Allowed keys, in the order the documentation lists them. Kept as ordered sets so that the
   * "allowed fields are: ..." hint reads like the file's own layout.
   */
  static final SequencedSet<String> TOP_FIELDS = orderedSet("services");
  static final SequencedSet<String> SERVICE_FIELDS =
      orderedSet(
          "slug", "name", "category", "parent", "upstreams", "aliases", "hashtags", "indicators",
          "domains", "statusPage", "countries");
  static final SequencedSet<String> INDICATOR_FIELDS = orderedSet("slug", "en", "fr");

  /*
   * Same rule as Service's own (private) check. Repeated here so the loader can point at the line
   * of the bad slug instead of letting the record constructor throw without a position; the
   * constructor still runs afterwards as a safety net.
   */
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** A DNS host name (RFC 1123 labels, at least two of them): what a probe can resolve. */
  private static final Pattern HOST =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+",
          Pattern.CASE_INSENSITIVE);

  /** What social networks accept in a hashtag: letters (any script), digits and underscores. */
  private static final Pattern HASHTAG = Pattern.compile("[\\p{L}\\p{N}_]+");

  /*
   * Stop collecting after this many problems: a file that is wrong everywhere (say, the wrong file
   * altogether) would otherwise produce a message too long to read.
   */
  private static final int MAX_PROBLEMS = 50;

  /** Thread-safe once configured, and costly enough to build that one is shared. */
  private static final YAMLFactory YAML = new YAMLFactory();

  private CatalogueFile() {}

  /**
   * Reads the catalogue in {@code file}.
   *
   * @throws CatalogueException when the file cannot be read or is not a valid catalogue
   */
  public static Catalogue load(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      // No line to point at: say which file and why the OS refused it (missing, permissions…).
      throw new CatalogueException(source, "cannot read the file: " + describe(e), e);
    }
    return parse(source, bytes);
  }

  /** Reads the catalogue bundled with Vigie ({@link #RESOURCE}). */
  public static Catalogue loadDefault() {
    URL url = CatalogueFile.class.getResource(RESOURCE);
    if (url == null) {
      // Only a broken build gets here; say what is missing rather than failing with an NPE.
      throw new CatalogueException(RESOURCE, "the bundled catalogue is missing from the class path", null);
    }
    try (InputStream in = url.openStream()) {
      // The URL (jar:file:…!/org/vigie/…) tells a developer exactly which copy was read.
      return parse(url.toString(), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + url, e);
    }
  }

  /**
   * Parses catalogue YAML from memory; {@code sourceName} is what error messages call the input
   * (a path, a URL, "upload"…). Public so that an admin API can validate an uploaded catalogue
   * with exactly the same rules as a file.
   */
  public static Catalogue parse(String sourceName, byte[] yaml) {
    return new Reader(sourceName).read(yaml);
  }

  // ---------------------------------------------------------------------------------------------
  // A minimal YAML tree that remembers where each node starts.

  /** A 1-based line and column, as editors show them. */
  record Mark(int line, int column) {
    static Mark of(JsonLocation location) {
      return new Mark(Math.max(location.getLineNr(), 0), Math.max(location.getColumnNr(), 0));
    }
  }

  private sealed interface Node permits MapNode, ListNode, Scalar {
    Mark at();
  }

  /** A key with its own position (so "unknown field" points at the key, not at its value). */
  private record Field(String name, Mark at, Node value) {}

  private record MapNode(Map<String, Field> fields, Mark at) implements Node {}

  private record ListNode(List<Node> items, Mark at) implements Node {}

  /** A scalar as written in the file; {@code text} is null for YAML null ({@code ~}, empty). */
  private record Scalar(String text, Mark at) implements Node {}

  // ---------------------------------------------------------------------------------------------

  /** One reading of one input: collects problems as it goes, throws them all at the end. */
  private static final class Reader {
    private final String source;
    private final List<CatalogueException.Problem> problems = new ArrayList<>();

    Reader(String source) {
      this.source = source;
    }

    Catalogue read(byte[] yaml) {
      Node root;
      try (JsonParser parser = YAML.createParser(yaml)) {
        root = readDocument(parser);
      } catch (JsonProcessingException e) {
        // A syntax error leaves nothing trustworthy to validate: report it alone.
        Mark at = syntaxMark(e);
        throw new CatalogueException(
            source, List.of(new CatalogueException.Problem(at.line(), at.column(), syntaxReason(e))), e);
      } catch (IOException e) {
        // Reading from a byte array does not do I/O; this would be a Jackson internal failure.
        throw new UncheckedIOException(e);
      }
      List<Service> services = root == null ? List.of() : services(root);
      if (!problems.isEmpty()) {
        // Report in file order whatever order the checks ran in, so fixing top-down works.
        problems.sort(
            Comparator.comparingInt(CatalogueException.Problem::line)
                .thenComparingInt(CatalogueException.Problem::column));
        throw new CatalogueException(source, problems, null);
      }
      return Catalogue.of(services);
    }

    // --- tokens to tree ---------------------------------------------------------------------

    private Node readDocument(JsonParser parser) throws IOException {
      if (parser.nextToken() == null) {
        problem(new Mark(1, 1), "the file is empty; it must start with 'services:' followed by the list of services");
        return null;
      }
      Node root = readNode(parser);
      if (parser.nextToken() != null) {
        // A second '---' document would otherwise be silently ignored, with its services.
        problem(
            Mark.of(parser.currentTokenLocation()),
            "a second YAML document starts here; put all services in one 'services:' list");
      }
      return root;
    }

    /** Reads the node starting at the parser's current token, leaving the parser on its end. */
    private Node readNode(JsonParser parser) throws IOException {
      JsonToken token = parser.currentToken();
      Mark at = Mark.of(parser.currentTokenLocation());
      switch (token) {
        case START_OBJECT -> {
          Map<String, Field> fields = new LinkedHashMap<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Mark keyAt = Mark.of(parser.currentTokenLocation());
            parser.nextToken();
            Node value = readNode(parser);
            Field first = fields.putIfAbsent(name, new Field(name, keyAt, value));
            if (first != null) {
              // YAML says keys are unique; SnakeYAML tolerates repeats and Jackson keeps the last
              // one, which would silently drop what the operator wrote first.
              problem(keyAt, "'" + name + "' is given twice here (first at line " + first.at().line() + ")");
            }
          }
          return new MapNode(fields, at);
        }
        case START_ARRAY -> {
          List<Node> items = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readNode(parser));
          }
          return new ListNode(items, at);
        }
        case VALUE_NULL -> {
          return new Scalar(null, at);
        }
        default -> {
          if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // The streaming parser hands an alias (*name) back as the anchor's name, not as the
            // anchored value, so accepting it would silently store the word "name".
            problem(at, "YAML aliases (*" + parser.getText() + ") are not supported here; write the value out in full");
          }
          // getText() is the scalar as written: NO stays "NO" (Norway), not false; 0123 stays "0123".
          return new Scalar(parser.getText(), at);
        }
      }
    }

    // --- tree to services ---------------------------------------------------------------------

    private List<Service> services(Node root) {
      if (!(root instanceof MapNode top)) {
        problem(root.at(), "the file must start with 'services:' followed by the list of services");
        return List.of();
      }
      unknownFields(top, TOP_FIELDS, "at the top of the file");
      Field servicesField = top.fields().get("services");
      if (servicesField == null) {
        problem(top.at(), "'services:' is missing; the file must list its services under 'services:'");
        return List.of();
      }
      if (!(servicesField.value() instanceof ListNode list) || list.items().isEmpty()) {
        problem(servicesField.at(), "'services' must be a non-empty list of services, each starting with '- slug: ...'");
        return List.of();
      }
      List<Service> services = new ArrayList<>();
      Map<String, Mark> slugsSeen = new HashMap<>();
      for (Node item : list.items()) {
        Service service = service(item, slugsSeen);
        if (service != null) {
          services.add(service);
        }
      }
      return services;
    }

    /** Validates one service entry; returns null (after recording why) when it is not usable. */
    private Service service(Node node, Map<String, Mark> slugsSeen) {
      if (!(node instanceof MapNode map)) {
        problem(node.at(), "each entry of 'services' must be a mapping of fields (slug, name, indicators, ...)");
        return null;
      }
      int problemsBefore = problems.size();

      String slug = text(map, "slug", "the service");
      String who = slug == null ? "the service at line " + map.at().line() : "service '" + slug + "'";
      unknownFields(map, SERVICE_FIELDS, "in " + who);
      if (slug == null) {
        if (absent(map, "slug")) {
          problem(map.at(), who + " has no 'slug' (its identifier in URLs, like 'instagram')");
        }
      } else {
        Mark slugAt = map.fields().get("slug").value().at();
        if (checkSlug(slugAt, slug, "slug")) {
          Mark first = slugsSeen.putIfAbsent(slug, slugAt);
          if (first != null) {
            problem(slugAt, "duplicate slug '" + slug + "': already used by the service at line " + first.line());
          }
        }
      }

      String name = text(map, "name", who);
      if ((name == null && absent(map, "name")) || (name != null && name.isBlank())) {
        problem(map.at(), who + " has no 'name' (the name shown to people, like 'Instagram')");
      }
      String category = text(map, "category", who);
      String parent = text(map, "parent", who);
      if (parent != null) {
        // A parent need not be a service (Meta is not monitored as such), but it is a slug.
        checkSlug(map.fields().get("parent").value().at(), parent, "parent");
      }
      List<String> upstreams = strings(map, "upstreams", who);
      forEachItem(map, "upstreams", (at, value) -> checkSlug(at, value, "upstream"));
      List<String> aliases = strings(map, "aliases", who);
      List<String> hashtags = strings(map, "hashtags", who);
      forEachItem(map, "hashtags", this::checkHashtag);
      List<Indicator> indicators = indicators(map, who);
      List<String> domains = strings(map, "domains", who);
      forEachItem(map, "domains", this::checkDomain);
      String statusPage = text(map, "statusPage", who);
      if (statusPage != null) {
        checkStatusPage(map.fields().get("statusPage").value().at(), statusPage);
      }
      List<String> countries = strings(map, "countries", who);
      forEachItem(map, "countries", this::checkCountry);

      if (problems.size() != problemsBefore) {
        return null;
      }
      try {
        return new Service(
            slug, name, category, parent, upstreams, aliases, hashtags, indicators, domains, statusPage,
            countries);
      } catch (IllegalArgumentException | NullPointerException e) {
        // Should not happen once the checks above pass; if the record gains a rule we do not
        // know about yet, still say where.
        problem(map.at(), e.getMessage());
        return null;
      }
    }

    private List<Indicator> indicators(MapNode service, String who) {
      Field field = service.fields().get("indicators");
      if (field == null || field.value() instanceof Scalar s && s.text() == null) {
        problem(
            service.at(),
            who + " has no 'indicators' (the problems people can report, e.g. {slug: login, en: \"Login\", fr: \"Connexion\"})");
        return List.of();
      }
      if (!(field.value() instanceof ListNode list) || list.items().isEmpty()) {
        problem(field.at(), "'indicators' of " + who + " must be a non-empty list of {slug, en, fr}");
        return List.of();
      }
      List<Indicator> out = new ArrayList<>();
      Map<String, Mark> seen = new HashMap<>();
      for (Node item : list.items()) {
        if (!(item instanceof MapNode map)) {
          problem(item.at(), "each indicator of " + who + " must be a mapping like {slug: login, en: \"Login\", fr: \"Connexion\"}");
          continue;
        }
        String slug = text(map, "slug", "the indicator");
        String which = slug == null ? "the indicator at line " + map.at().line() : "indicator '" + slug + "'";
        unknownFields(map, INDICATOR_FIELDS, "in " + which + " of " + who);
        if (slug == null) {
          if (absent(map, "slug")) {
            problem(map.at(), "an indicator of " + who + " has no 'slug' (like 'login')");
          }
        } else {
          Mark slugAt = map.fields().get("slug").value().at();
          if (checkSlug(slugAt, slug, "indicator slug")) {
            Mark first = seen.putIfAbsent(slug, slugAt);
            if (first != null) {
              problem(slugAt, "duplicate indicator '" + slug + "' in " + who + " (first at line " + first.line() + ")");
            }
          }
        }
        String en = text(map, "en", which);
        String fr = text(map, "fr", which);
        // Both labels are required: the pages are bilingual and must never show a bare slug.
        if ((en == null && absent(map, "en")) || (en != null && en.isBlank())) {
          problem(map.at(), which + " of " + who + " has no English label 'en'");
        }
        if ((fr == null && absent(map, "fr")) || (fr != null && fr.isBlank())) {
          problem(map.at(), which + " of " + who + " has no French label 'fr'");
        }
        if (slug != null && en != null && fr != null) {
          out.add(new Indicator(slug, en, fr));
        }
      }
      return out;
    }

    // --- field readers ------------------------------------------------------------------------

    /**
     * True when a field is not there or is YAML null. A field of the wrong shape is not "absent":
     * {@link #text} has already said what is wrong with it, and saying "missing" too would mislead.
     */
    private static boolean absent(MapNode map, String key) {
      Field field = map.fields().get(key);
      return field == null || field.value() instanceof Scalar s && s.text() == null;
    }

    /** The scalar text of an optional field, or null when absent, null, or of the wrong shape. */
    private String text(MapNode map, String key, String who) {
      Field field = map.fields().get(key);
      if (field == null) {
        return null;
      }
      if (field.value() instanceof Scalar scalar) {
        return scalar.text();
      }
      problem(field.value().at(), "'" + key + "' of " + who + " must be a single value, not a list or mapping");
      return null;
    }

    /** The items of an optional list of strings (empty when absent). */
    private List<String> strings(MapNode map, String key, String who) {
      Field field = map.fields().get(key);
      if (field == null || field.value() instanceof Scalar s && s.text() == null) {
        return List.of();
      }
      if (!(field.value() instanceof ListNode list)) {
        // Be explicit about the fix: "countries: FR" is the usual slip.
        problem(field.value().at(), "'" + key + "' of " + who + " must be a list, like [a, b] (or [] for none)");
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (Node item : list.items()) {
        if (item instanceof Scalar scalar && scalar.text() != null && !scalar.text().isBlank()) {
          out.add(scalar.text());
        } else if (item instanceof Scalar) {
          String hint =
              key.equals("hashtags")
                  ? " ('#' after a space starts a YAML comment: write hashtags without '#')"
                  : "";
          problem(item.at(), "empty entry in '" + key + "' of " + who + hint);
        } else {
          problem(item.at(), "entries of '" + key + "' of " + who + " must be single values, not lists or mappings");
        }
      }
      return out;
    }

    private interface ItemCheck {
      void check(Mark at, String value);
    }

    /** Runs a per-item check with each item's own position (so the message points at it). */
    private void forEachItem(MapNode map, String key, ItemCheck check) {
      Field field = map.fields().get(key);
      if (field != null && field.value() instanceof ListNode list) {
        for (Node item : list.items()) {
          if (item instanceof Scalar scalar && scalar.text() != null && !scalar.text().isBlank()) {
            check.check(scalar.at(), scalar.text());
          }
        }
      }
    }

    // --- value checks -------------------------------------------------------------------------

    private boolean checkSlug(Mark at, String value, String what) {
      if (SLUG.matcher(value).matches()) {
        return true;
      }
      problem(
          at,
          "bad " + what + " '" + value + "': use lower-case letters, digits and dashes, starting with a letter or"
              + " digit, at most 63 characters (like 'playstation-network')");
      return false;
    }

    private void checkHashtag(Mark at, String value) {
      if (value.startsWith("#")) {
        problem(at, "hashtag '" + value + "': write it without the '#' (" + value.substring(1) + ")");
      } else if (!HASHTAG.matcher(value).matches()) {
        problem(at, "hashtag '" + value + "' may only hold letters, digits and '_'");
      }
    }

    private void checkDomain(Mark at, String value) {
      if (!HOST.matcher(value).matches()) {
        // The usual mistake is pasting a URL; the probes need only the host.
        problem(
            at,
            "domain '" + value + "' is not a host name; write only the host, like 'www.example.com'"
                + " (no 'https://', no path)");
      }
    }

    private void checkStatusPage(Mark at, String value) {
      String reason = null;
      try {
        URI uri = new URI(value);
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
          reason = "it does not start with http:// or https://";
        } else if (uri.getHost() == null) {
          reason = "it has no host name";
        }
      } catch (URISyntaxException e) {
        reason = e.getReason();
      }
      if (reason != null) {
        problem(
            at,
            "statusPage '" + value + "' must be an absolute http(s) URL like 'https://status.example.com' ("
                + reason + "); leave it out when the service has no official status page");
      }
    }

    private void checkCountry(Mark at, String code) {
      if (Countries.UNKNOWN.equals(code)) {
        // Valid for a report's origin, meaningless for where a service operates.
        problem(at, "country 'ZZ' means unknown; leave 'countries' empty for a worldwide service");
      } else if ("UK".equalsIgnoreCase(code)) {
        problem(at, "unknown country code 'UK': the ISO 3166-1 code of the United Kingdom is GB");
      } else if (!Countries.isValid(code)) {
        String upper = code.toUpperCase(Locale.ROOT);
        String hint =
            Countries.isValid(upper)
                ? ": write it in upper case, '" + upper + "'"
                : " (use ISO 3166-1 alpha-2 codes like FR, US, DE, GB)";
        problem(at, "unknown country code '" + code + "'" + hint);
      }
    }

    private void unknownFields(MapNode map, SequencedSet<String> allowed, String where) {
      for (Field field : map.fields().values()) {
        if (!allowed.contains(field.name())) {
          String guess = closest(field.name(), allowed);
          problem(
              field.at(),
              "unknown field '" + field.name() + "' " + where
                  + (guess == null ? "" : " (did you mean '" + guess + "'?)")
                  + "; allowed fields are: " + String.join(", ", allowed));
        }
      }
    }

    private void problem(Mark at, String reason) {
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(new CatalogueException.Problem(at.line(), at.column(), reason));
      }
    }

    /**
     * Where the syntax error is. SnakeYAML's "problem mark" is the offending character; Jackson's
     * own location is where its parser stood, which can be a line early (an unclosed '[' is
     * reported at the end of its line rather than at the next '-') or plain wrong (a tab).
     */
    private static Mark syntaxMark(JsonProcessingException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
          // SnakeYAML counts from 0; editors and people count from 1.
          return new Mark(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1);
        }
      }
      return e.getLocation() == null ? new Mark(0, 0) : Mark.of(e.getLocation());
    }

    /** The short reason SnakeYAML gives, without the source snippet Jackson appends. */
    private static String syntaxReason(JsonProcessingException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
          String problem = marked.getProblem() == null ? "malformed YAML" : marked.getProblem();
          if (marked.getContext() != null && marked.getContextMark() != null) {
            // SnakeYAML marks are 0-based; people count from 1.
            return "YAML syntax error " + marked.getContext() + " (started at line "
                + (marked.getContextMark().getLine() + 1) + "): " + problem;
          }
          return "YAML syntax error: " + problem;
        }
      }
      return "YAML syntax error: " + e.getOriginalMessage();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A key one or two edits away (or differing only in case) from an allowed one, else null. */
  static String closest(String key, SequencedSet<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : allowed) {
      int d =
          candidate.equalsIgnoreCase(key)
              ? 0
              : distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance; the strings are field names, so the quadratic cost is nothing. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String describe(IOException e) {
    // NoSuchFileException's message is just the path; name the condition instead.
    return switch (e) {
      case java.nio.file.NoSuchFileException ignored -> "no such file";
      case java.nio.file.AccessDeniedException ignored -> "permission denied";
      default -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    };
  }

  private static SequencedSet<String> orderedSet(String... values) {
    return java.util.Collections.unmodifiableSequencedSet(new LinkedHashSet<>(List.of(values)));
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * A catalogue was refused. The message holds one line per problem, each as {@code <file>, line
   * L, column C: <what to fix>}; {@link #problems()} gives them as data (for an admin API's
   * problem+json answer). Nested here so the catalogue format lives in one file; it is public and
   * may be caught as {@code CatalogueFile.CatalogueException}.
   */
  public static final class CatalogueException extends RuntimeException {
    /** One thing wrong, at a 1-based line and column (0 when there is no position, e.g. I/O). */
    public record Problem(int line, int column, String reason) {}

    private final String source;
    private final List<Problem> problems;

    CatalogueException(String source, List<Problem> problems, Throwable cause) {
      super(format(source, problems), cause);
      this.source = source;
      this.problems = List.copyOf(problems);
    }

    CatalogueException(String source, String reason, Throwable cause) {
      this(source, List.of(new Problem(0, 0, reason)), cause);
    }

    /** The file (or URL, or name) that was refused. */
    public String source() {
      return source;
    }

    /** Everything wrong, in file order (at most 50). */
    public List<Problem> problems() {
      return problems;
    }

    /** Line of the first problem, 0 when it has none. */
    public int line() {
      return problems.isEmpty() ? 0 : problems.getFirst().line();
    }

    /** Column of the first problem, 0 when it has none. */
    public int column() {
      return problems.isEmpty() ? 0 : problems.getFirst().column();
    }

    private static String format(String source, List<Problem> problems) {
      List<String> lines = new ArrayList<>();
      if (problems.size() > 1) {
        lines.add(source + ": " + problems.size() + " problems in the service catalogue");
      }
      for (Problem p : problems) {
        // "file, line L, column C: reason" reads well to people and is easy to grep.
        lines.add(
            p.line() > 0
                ? source + ", line " + p.line() + ", column " + p.column() + ": " + p.reason()
                : source + ": " + p.reason());
      }
      return String.join("\n", lines);
    }
  }
}
