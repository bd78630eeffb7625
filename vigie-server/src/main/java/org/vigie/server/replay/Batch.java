package org.vigie.server.replay;

/**
 * One request body: up to N NDJSON lines, ready to post.
 *
 * @param sequence 0-based position in the replay (batches are produced in event-time order)
 * @param body the NDJSON bytes, one report per line, each line ending in {@code \n}
 * @param lines number of reports in {@code body}
 * @param firstEventMillis event time of the first report
 * @param lastEventMillis event time of the last report (a paced replay sends the batch once wall
 *     time reaches it)
 */
public record Batch(long sequence, byte[] body, int lines, long firstEventMillis, long lastEventMillis) {}
