/**
 * Social complaints as a signal: posts from open networks (Mastodon's streaming API, Bluesky's
 * Jetstream, {@code POST /api/v1/mentions}) matched to catalogue services and classified as
 * complaints or not, then counted as distinct complaining authors per service and minute.
 *
 * <p>Data flow: adapter ({@link org.vigie.sources.social.MastodonStream},
 * {@link org.vigie.sources.social.JetstreamStream}) or {@link org.vigie.sources.social.PostParser}
 * → {@link org.vigie.sources.social.MentionIngestor} (dedupe by source and id, classify, make
 * {@code Mention}s) → {@link org.vigie.sources.social.ComplaintTally} (per-minute distinct
 * authors, weighted for account age, against the service's own baseline) → the core
 * {@code SignalPipeline}, which closes social minutes with its own and fuses the two
 * ({@code org.vigie.core.fusion.SocialFusion}).
 *
 * <p>Why a hand-weighted lexicon rather than a trained model: every verdict must be explainable
 * to the person looking at a spike ("failure 'en panne' (fr) +3.0; news 'milliards' −3.5"), the
 * budget is tens of microseconds a post, and there is no large labelled multilingual corpus of
 * outage complaints we could ship with its provenance. The cues live in {@code lexicon.txt}, one
 * per line, with the weights of {@link org.vigie.sources.social.Cue.Kind}; the evaluation set and
 * its scores are in {@code eval.ndjson} and BENCHMARKS.md. A trained model can replace the scorer
 * later behind the same {@link org.vigie.sources.social.Verdict}, scored on the same set.
 */
package org.vigie.sources.social;
