package org.vigie.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.StorageException;
import org.vigie.store.CommentStoreContract;
import org.vigie.store.ProbeLogContract;
import org.vigie.store.StorageContract;

class PostgresStorageTest extends StorageContract {
  @Override
  protected Storage newStorage(Path dir) {
    return PostgresStorage.open(EmbeddedServer.url(dir), EmbeddedServer.user(), null);
  }

  @Override
  protected void rejectReportsOf(Path dir, long reporterKey) {
    String name = "reject_" + Long.toUnsignedString(reporterKey);
    String schema = EmbeddedServer.schema(dir);
    EmbeddedServer.execute(EmbeddedServer.DATABASE,
        "CREATE FUNCTION " + schema + "." + name + "() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'rejected by the test'; END $$",
        "CREATE TRIGGER " + name + " BEFORE INSERT ON " + schema + ".report FOR EACH ROW"
            + " WHEN (NEW.reporter = " + reporterKey + ") EXECUTE FUNCTION " + schema + "." + name + "()");
  }

  private String sql(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection(EmbeddedServer.url(dir), EmbeddedServer.user(), null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private PostgresStorage postgres() {
    return (PostgresStorage) storage;
  }

  @Nested
  class Comments extends CommentStoreContract {
    @Override
    protected Storage storage() {
      return storage;
    }

    @Override
    protected Storage reopen() {
      return PostgresStorageTest.this.reopen();
    }
  }

  @Nested
  class PostgresSpecifics {
    @Test
    void theSchemaIsMigratedOnceAcrossRestarts() throws Exception {
      reopen();
      reopen();

      // Each migration applied exactly once, however often the store restarts.
      assertThat(sql("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"))
          .isEqualTo(sql("SELECT count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL"))
          .isEqualTo("6"); // V1__init, V2__mentions, V3__notify, V4__probes, V5__comments, V6__outbox_claims
    }

    @Test
    void labelsAndPlacesAreStoredOnce() throws Exception {
      storage.signals().append(batch(0, 1_000, T0), all(1_000, true));
      reopen();
      storage.signals().append(batch(1_000, 1_000, T0), all(1_000, true));

      // instagram, login, web
      assertThat(sql("SELECT count(*) FROM label")).isEqualTo("3");
      assertThat(sql("SELECT count(*) FROM place")).isEqualTo("1");
    }

    /** A database set up for speed over safety must not make Vigie acknowledge undurable writes. */
    @Test
    void commitsWaitForTheWalFlushEvenWhereTheServerDefaultIsOff() throws Exception {
      storage.close();
      EmbeddedServer.execute(EmbeddedServer.DATABASE, "DROP DATABASE IF EXISTS unsafe",
          "CREATE DATABASE unsafe", "ALTER DATABASE unsafe SET synchronous_commit = off");
      try (Connection c = DriverManager.getConnection(EmbeddedServer.url("unsafe"), EmbeddedServer.user(), null);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("off");
      }

      storage = PostgresStorage.open(EmbeddedServer.url("unsafe"), EmbeddedServer.user(), null);

      assertThat(postgres().sessionSetting("synchronous_commit")).isEqualTo("on");
      assertThat(storage.check().detail()).contains("synchronous_commit=on");
    }

    /** After a failover a node may still point at a server that can no longer take writes. */
    @Test
    void aReadOnlyServerIsReportedUnhealthy() {
      storage.close();
      EmbeddedServer.execute(EmbeddedServer.DATABASE, "DROP DATABASE IF EXISTS readonly",
          "CREATE DATABASE readonly");
      Storage writable = PostgresStorage.open(EmbeddedServer.url("readonly"), EmbeddedServer.user(), null);
      writable.close();
      EmbeddedServer.execute(EmbeddedServer.DATABASE,
          "ALTER DATABASE readonly SET default_transaction_read_only = on");

      storage = PostgresStorage.open(EmbeddedServer.url("readonly"), EmbeddedServer.user(), null);

      Storage.Health health = storage.check();
      assertThat(health.ok()).isFalse();
      assertThat(health.detail()).contains("read-only");
      assertThatThrownBy(() -> storage.signals().append(batch(1, 3, T0), all(3, true)))
          .isInstanceOf(StorageException.class);
    }

    @Test
    void aWrongAddressFailsAtOpenWithAClearMessage() {
      assertThatThrownBy(() -> PostgresStorage.open(
          EmbeddedServer.url("no_such_database"), EmbeddedServer.user(), null))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("no_such_database");
      assertThatThrownBy(() -> PostgresStorage.open("jdbc:sqlite:vigie.db", "u", null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPasswordInTheUrlDoesNotLeakIntoMessages() {
      storage.close();

      assertThat(storage.check().detail()).doesNotContain("?");
      String url = EmbeddedServer.url(dir) + "&password=hunter2";
      Storage other = PostgresStorage.open(url, EmbeddedServer.user(), null);
      other.close();
      assertThat(other.check().detail()).doesNotContain("hunter2");
    }
  }

  @Nested
  class ProbeLogs extends ProbeLogContract {
    @Override
    protected Storage newStorage(Path dir) {
      return PostgresStorage.open(EmbeddedServer.url(dir), EmbeddedServer.user(), null);
    }
  }
}
