package org.vigie.store.sqlite;

import java.nio.file.Path;
import org.vigie.core.storage.Storage;
import org.vigie.store.MentionLogContract;

class SqliteMentionLogTest extends MentionLogContract {
  @Override
  protected Storage newStorage(Path dir) {
    return SqliteStorage.open(dir);
  }
}
