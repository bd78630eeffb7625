package org.vigie.sources.social;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.vigie.core.model.Region;
import org.vigie.core.signal.Mention;
import org.vigie.core.storage.MentionLog;
import org.vigie.core.storage.MentionLog.StoredMention;

/**
 * The one path every social transport calls (the HTTP endpoint, the Mastodon and Bluesky
 * adapters): deduplicate → classify → turn each matched service into a {@link Mention} → hand the
 * posts that named a service to the sink (the server's {@link MentionLog}), which returns once
 * they are durable → count complaints in the {@link ComplaintTally}.
 *
 * <p>If the sink throws, {@link #ingest} throws the same exception with nothing counted and the
 * batch's posts forgotten by the deduplication table, so that the caller (told "not taken") may
 * send them again.
 *
 * <p>Deduplication by (source, id) matters because adapters resume from a cursor a little behind
 * where they stopped (Jetstream's documentation recommends rewinding a few seconds), so the same
 * post may arrive twice; the table keeps the most recent {@link #DEDUPE_ENTRIES} ids.
 */
public final class MentionIngestor {
  /** Post ids remembered for deduplication. */
  static final int DEDUPE_ENTRIES = 200_000;

  /** Posts dated further ahead of the clock than this are dated now: a wrong clock, not the future. */
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  /** Prefix of the keyed-hash input for an author's home server, apart from "source|author". */
  static final String HOME_PREFIX = "home server|";

  private final ComplaintClassifier classifier;
  private final ToLongFunction<String> authorKeys;
  private final ComplaintTally tally;
  private final Consumer<List<StoredMention>> sink;
  private final Consumer<List<Complaint>> forward;
  private final InstantSource clock;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > DEDUPE_ENTRIES;
    }
  };

  /**
   * @param authorKeys keyed hash of "source|author" (the server passes its {@code ReporterKeys}),
   *     so no raw identity is kept
   *     and of "home server|host" for the author's home server
   * @param sink stores the posts of each batch that named a service before they are counted and
   *     must return only once they are durable (the server passes {@code MentionLog::append});
   *     it may be a no-op where nothing needs to be kept (the classify command, tests)
   */
  public MentionIngestor(ComplaintClassifier classifier, ToLongFunction<String> authorKeys, ComplaintTally tally,
      Consumer<List<StoredMention>> sink, InstantSource clock) {
    this(classifier, authorKeys, tally, sink, complaints -> { }, clock);
  }

  /**
   * @param forward gets each batch's complaints once stored, before they are counted here: in
   *     cluster mode the stream task of the service counts them too (the one that judges its
   *     minutes); a failure there fails the batch as a storage failure does
   */
  public MentionIngestor(ComplaintClassifier classifier, ToLongFunction<String> authorKeys, ComplaintTally tally,
      Consumer<List<StoredMention>> sink, Consumer<List<Complaint>> forward, InstantSource clock) {
    this.classifier = classifier;
    this.authorKeys = authorKeys;
    this.tally = tally;
    this.sink = sink;
    this.forward = forward;
    this.clock = clock;
  }

  /**
   * One complaint as {@link ComplaintTally#add} counts it.
   *
   * @param author keyed hash of the author
   * @param home the author's home server, or null
   * @param authorSince when the author's account was created, or null when unknown
   */
  public record Complaint(String service, long author, String home, Instant authorSince, Instant at) {}

  /**
   * What a batch gave: posts taken, duplicates skipped, posts naming a service, complaint verdicts,
   * the mentions made, and per input post its classification (null for a duplicate).
   */
  public record Outcome(int accepted, int duplicates, int matched, int complaints, List<Mention> mentions, List<Classification> classifications) {}

  public Outcome ingest(List<Post> posts) {
    Instant now = clock.instant();
    List<Mention> mentions = new ArrayList<>();
    List<StoredMention> stored = new ArrayList<>();
    List<Classification> classifications = new ArrayList<>(posts.size());
    List<Post> fresh = new ArrayList<>(posts.size());
    int duplicates = 0;
    synchronized (seen) {
      for (Post p : posts) {
        if (seen.putIfAbsent(p.source() + "|" + p.id(), Boolean.TRUE) != null) {
          duplicates++;
          classifications.add(null);
        } else {
          fresh.add(p);
          classifications.add(new Classification("", List.of()));
        }
      }
    }
    int matched = 0;
    int complaints = 0;
    List<Runnable> counts = new ArrayList<>();
    List<Complaint> said = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < posts.size(); i++) {
      if (classifications.get(i) == null) {
        continue;
      }
      Post p = fresh.get(k++);
      Classification c = classifier.classify(p.text(), p.lang());
      classifications.set(i, c);
      if (c.verdicts().isEmpty()) {
        continue;
      }
      matched++;
      Instant at = p.createdAt().isAfter(now.plus(MAX_FUTURE)) ? now : p.createdAt();
      long author = authorKeys.applyAsLong(p.source() + "|" + p.author());
      Long home = p.authorHome() == null ? null : authorKeys.applyAsLong(HOME_PREFIX + p.authorHome());
      List<MentionLog.Match> matches = new ArrayList<>();
      for (Verdict v : c.verdicts()) {
        if (matches.stream().noneMatch(m -> m.service().equals(v.service()))) {
          matches.add(new MentionLog.Match(v.service(), v.score(), v.complaint()));
        }
        mentions.add(new Mention(v.service(), c.language(), v.score(), Region.UNKNOWN, author, at));
        if (v.complaint()) {
          complaints++;
          said.add(new Complaint(v.service(), author, p.authorHome(), p.authorSince(), at));
          counts.add(() -> {
            tally.add(v.service(), author, p.authorHome(), p.authorSince(), at);
            tally.quote(v.service(), p, at);
          });
        }
      }
      stored.add(new StoredMention(p.source(), p.id(), at, c.language(), author, home, matches));
    }
    if (!stored.isEmpty()) {
      try {
        sink.accept(List.copyOf(stored));
        if (!said.isEmpty()) {
          forward.accept(List.copyOf(said));
        }
      } catch (RuntimeException e) {
        synchronized (seen) {
          for (Post p : fresh) {
            seen.remove(p.source() + "|" + p.id());
          }
        }
        throw e;
      }
    }
    counts.forEach(Runnable::run);
    return new Outcome(posts.size() - duplicates, duplicates, matched, complaints, mentions, classifications);
  }
}
