package org.vigie.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.storage.StorageException;

/**
 * The only thread that writes to the database, with group commit.
 *
 * <p>SQLite allows one writer at a time, and with {@code synchronous=FULL} every commit costs an
 * fsync of the WAL. Instead of letting many threads fight for the write lock (SQLITE_BUSY,
 * busy-wait back-off) and paying one fsync per HTTP request, callers enqueue their work and block;
 * this thread takes everything pending, runs it in ONE transaction and commits once, then wakes
 * every caller. Under load the fsync is shared by all callers that arrived while the previous
 * commit was in flight, so throughput grows with concurrency instead of collapsing.
 *
 * <p>Each caller's work runs inside its own SAVEPOINT within the group transaction: if one
 * caller's statements fail (a constraint, a trigger), only that savepoint is rolled back and only
 * that caller gets a {@link StorageException}; the others still commit. If the transaction as a
 * whole fails (BEGIN, COMMIT, or an error after which SQLite rolled the whole transaction back,
 * such as a full disk), every caller of the group gets the exception and nothing of theirs is
 * stored. Either way each call is all-or-nothing.
 */
final class Writer {
  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

  /**
   * Soft cap on rows per transaction. Group commit only needs enough rows to amortise the fsync
   * (~10k already does); unbounded groups would make the WAL and every waiting caller's latency
   * grow with the backlog. At least one call is always taken, whatever its size.
   */
  static final int MAX_GROUP_ROWS = 131_072;

  /** Work run on the writer connection inside the group transaction. */
  @FunctionalInterface
  interface Task<T> {
    T run(WriteContext tx) throws SQLException;
  }

  private static final class Op<T> {
    final String what;
    final int rows;
    final Task<T> task;
    final CompletableFuture<T> done = new CompletableFuture<>();
    T result;
    Exception failure;

    Op(String what, int rows, Task<T> task) {
      this.what = what;
      this.rows = Math.max(1, rows);
      this.task = task;
    }

    void finish() {
      if (failure == null) {
        done.complete(result);
      } else {
        done.completeExceptionally(failure);
      }
    }
  }

  private static final Op<Void> STOP = new Op<>("stop", 0, tx -> null);

  private final String location;
  private final Connection connection;
  private final Statement control;
  private final WriteContext context;
  private final LinkedBlockingQueue<Op<?>> queue = new LinkedBlockingQueue<>();
  private final Object lock = new Object();
  private final Thread thread;
  private final AtomicLong commits = new AtomicLong();
  private volatile String lastGroupFailure;
  private boolean closed; // guarded by lock

  Writer(String location, Connection connection) throws SQLException {
    this.location = location;
    this.connection = connection;
    this.control = connection.createStatement();
    this.context = new WriteContext(connection);
    this.thread = Thread.ofPlatform().name("vigie-sqlite-writer").daemon(true).unstarted(this::run);
    thread.start();
  }

  /** Runs the task in the next group transaction and returns once it is committed. */
  <T> T submit(String what, int rows, Task<T> task) {
    return await(enqueue(what, rows, task), what);
  }

  /** Queues the task; the future completes once its transaction committed or failed. */
  <T> CompletableFuture<T> enqueue(String what, int rows, Task<T> task) {
    Op<T> op = new Op<>(what, rows, task);
    // The lock makes "not closed, then queued" atomic with respect to close(): an op is either
    // queued before the STOP marker, and therefore drained, or refused.
    synchronized (lock) {
      if (closed) {
        throw new StorageException("storage at " + location + " is closed; cannot " + what);
      }
      queue.add(op);
    }
    return op.done;
  }

  private <T> T await(CompletableFuture<T> done, String what) {
    // Waits without giving up on interrupt: the work is queued and will be committed anyway, so
    // throwing here would tell the caller "not stored" about data that is about to be durable.
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          // A new exception so the caller's stack shows where the call came from.
          throw new StorageException(cause.getMessage(), cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  boolean isAlive() {
    return thread.isAlive();
  }

  /** Why the last group transaction failed as a whole, or null if the last one committed. */
  String lastGroupFailure() {
    return lastGroupFailure;
  }

  /** Committed group transactions so far. */
  long commits() {
    return commits.get();
  }

  /** Calls queued and not yet taken by the writer thread. */
  int pending() {
    return queue.size();
  }

  /** Refuses new work, lets the writer commit everything already queued, and waits for it. */
  void stop() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the connection; call after {@link #stop()}. */
  void closeConnection() {
    context.closeStatements();
    try {
      control.close();
      connection.close();
    } catch (SQLException e) {
      LOG.warn("closing the SQLite write connection to {} failed", location, e);
    }
  }

  private void run() {
    boolean stopping = false;
    while (!stopping) {
      Op<?> first = take();
      if (first == STOP) {
        break;
      }
      List<Op<?>> group = new ArrayList<>();
      group.add(first);
      long rows = first.rows;
      while (rows < MAX_GROUP_ROWS) {
        Op<?> next = queue.poll();
        if (next == null) {
          break;
        }
        if (next == STOP) {
          stopping = true; // nothing can follow STOP: enqueue() refuses once closed
          break;
        }
        group.add(next);
        rows += next.rows;
      }
      try {
        runGroup(group);
      } catch (Throwable t) {
        // Never let the writer die with callers waiting: they would block forever.
        LOG.error("SQLite writer failed on a group of {} calls", group.size(), t);
        try {
          control.execute("ROLLBACK");
        } catch (SQLException | RuntimeException ignored) {
          // No transaction was open.
        }
        context.rolledBack();
        StorageException failure = new StorageException("write to " + location + " failed: " + t, t);
        for (Op<?> op : group) {
          op.done.completeExceptionally(failure);
        }
      }
    }
  }

  private Op<?> take() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // Nobody interrupts this thread on purpose; stop() uses the STOP marker.
      }
    }
  }

  private void runGroup(List<Op<?>> group) {
    try {
      control.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      failGroup(group, "could not begin a write transaction", e);
      return;
    }
    for (Op<?> op : group) {
      if (!runInSavepoint(op)) {
        // The whole transaction is gone; runInSavepoint already rolled back and failed the group.
        failGroup(group, "transaction aborted while trying to " + op.what, op.failure);
        return;
      }
    }
    try {
      control.execute("COMMIT");
    } catch (SQLException e) {
      failGroup(group, "could not commit", e);
      return;
    }
    context.committed();
    commits.incrementAndGet();
    lastGroupFailure = null;
    for (Op<?> op : group) {
      op.finish();
    }
  }

  /** Returns false when the group transaction cannot go on. */
  private <T> boolean runInSavepoint(Op<T> op) {
    try {
      control.execute("SAVEPOINT call");
    } catch (SQLException e) {
      op.failure = e;
      return false;
    }
    int mark = context.mark();
    try {
      op.result = op.task.run(context);
      control.execute("RELEASE call");
      return true;
    } catch (SQLException | RuntimeException e) {
      op.failure = new StorageException("could not " + op.what + " in " + location + ": " + e.getMessage(), e);
      context.rollbackTo(mark);
      try {
        control.execute("ROLLBACK TO call");
        control.execute("RELEASE call");
        return true;
      } catch (SQLException lost) {
        // SQLite rolls back the whole transaction on some errors (SQLITE_FULL, SQLITE_IOERR,
        // SQLITE_NOMEM); then the savepoint no longer exists.
        e.addSuppressed(lost);
        return false;
      }
    }
  }

  private void failGroup(List<Op<?>> group, String why, Exception cause) {
    try {
      control.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction left to roll back.
    }
    context.rolledBack();
    String message = why + " in " + location + ": " + (cause == null ? "unknown" : cause.getMessage());
    lastGroupFailure = message;
    LOG.warn("SQLite group of {} calls failed: {}", group.size(), message);
    StorageException failure = new StorageException(message, cause);
    for (Op<?> op : group) {
      op.done.completeExceptionally(failure);
    }
  }

  /**
   * What a task sees: the write connection, prepared statements kept open across transactions,
   * and the writer's side of the label and place dictionaries. Used by the writer thread only.
   */
  static final class WriteContext {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final WriterNames names;

    WriteContext(Connection connection) {
      this.connection = connection;
      this.names = new WriterNames();
    }

    Connection connection() {
      return connection;
    }

    /** A prepared statement compiled once and reused by every transaction. */
    PreparedStatement statement(String sql) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return ps;
    }

    int labelId(String text) throws SQLException {
      return names.labelId(this, text);
    }

    int placeId(org.vigie.core.model.Region region) throws SQLException {
      return names.placeId(this, region);
    }

    int mark() {
      return names.mark();
    }

    void rollbackTo(int mark) {
      names.rollbackTo(mark);
    }

    void committed() {
      names.committed();
    }

    void rolledBack() {
      names.rollbackTo(0);
    }

    void closeStatements() {
      for (PreparedStatement ps : statements.values()) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // Closing anyway.
        }
      }
      statements.clear();
    }
  }
}
