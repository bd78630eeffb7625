package org.vigie.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vigie.server.http.Json;

/**
 * Comments and bans in memory, journaled to an append-only NDJSON file ({@code comments.ndjson})
 * that is replayed at start: one line per comment, hide, show, ban and unban. With a null path
 * nothing is written (tests). Comments are few next to reports, so a journal and a map suffice
 * until the storage SPI grows a comment role.
 */
final class FileCommentStore implements CommentStore {
  /** Comments kept in memory per service; older ones stay in the journal only. */
  static final int KEEP_PER_SERVICE = 500;

  private final Path file;
  private final TreeMap<Long, Comment> byId = new TreeMap<>();
  private final Set<Long> banned = new TreeSet<>();
  private BufferedWriter out;
  private long nextId = 1;

  FileCommentStore(Path file) {
    this.file = file;
    if (file == null) {
      return;
    }
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            apply(Json.MAPPER.readTree(line));
          }
        }
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the comment journal " + file, e);
    }
  }

  private void apply(JsonNode n) {
    switch (n.path("op").asText()) {
      case "add" -> {
        Comment c = new Comment(n.path("id").asLong(), n.path("service").asText(), Instant.parse(n.path("at").asText()),
            n.path("reporter").asLong(), n.path("name").asText(""), n.path("text").asText(""), false);
        byId.put(c.id(), c);
        nextId = Math.max(nextId, c.id() + 1);
      }
      case "hide", "show" -> {
        Comment c = byId.get(n.path("id").asLong());
        if (c != null) {
          byId.put(c.id(), c.withHidden(n.path("op").asText().equals("hide")));
        }
      }
      case "ban" -> banned.add(n.path("reporter").asLong());
      case "unban" -> banned.remove(n.path("reporter").asLong());
      default -> { }
    }
  }

  private void journal(Map<String, Object> entry) {
    if (out == null) {
      return;
    }
    try {
      out.write(new String(Json.bytes(entry), StandardCharsets.UTF_8));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the comment journal " + file, e);
    }
  }

  @Override
  public synchronized Comment add(String service, Instant at, long reporter, String name, String text) {
    Comment c = new Comment(nextId++, service, at, reporter, name, text, false);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("op", "add");
    e.put("id", c.id());
    e.put("service", service);
    e.put("at", at);
    e.put("reporter", reporter);
    e.put("name", name);
    e.put("text", text);
    journal(e);
    byId.put(c.id(), c);
    trim(service);
    return c;
  }

  private void trim(String service) {
    int seen = 0;
    for (Long id : new ArrayList<>(byId.descendingKeySet())) {
      if (byId.get(id).service().equals(service) && ++seen > KEEP_PER_SERVICE) {
        byId.remove(id);
      }
    }
  }

  @Override
  public synchronized List<Comment> list(String service, int limit, boolean includeHidden) {
    List<Comment> outList = new ArrayList<>();
    for (Comment c : byId.descendingMap().values()) {
      if (c.service().equals(service) && (includeHidden || (!c.hidden() && !banned.contains(c.reporter())))) {
        outList.add(c);
        if (outList.size() == limit) {
          break;
        }
      }
    }
    return outList;
  }

  @Override
  public synchronized List<Comment> recent(int limit) {
    return byId.descendingMap().values().stream().limit(limit).sorted(Comparator.comparing(Comment::id).reversed()).toList();
  }

  @Override
  public synchronized boolean setHidden(long id, boolean hidden) {
    Comment c = byId.get(id);
    if (c == null) {
      return false;
    }
    journal(Map.of("op", hidden ? "hide" : "show", "id", id));
    byId.put(id, c.withHidden(hidden));
    return true;
  }

  @Override
  public synchronized void ban(long reporter) {
    journal(Map.of("op", "ban", "reporter", reporter));
    banned.add(reporter);
  }

  @Override
  public synchronized void unban(long reporter) {
    journal(Map.of("op", "unban", "reporter", reporter));
    banned.remove(reporter);
  }

  @Override
  public synchronized boolean isBanned(long reporter) {
    return banned.contains(reporter);
  }

  @Override
  public synchronized Set<Long> banned() {
    return Set.copyOf(banned);
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // closing at shutdown: nothing more to do
      }
      out = null;
    }
  }
}
