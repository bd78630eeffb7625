package org.vigie.store.postgres;

import java.nio.file.Path;
import org.vigie.core.storage.Storage;
import org.vigie.store.NotifyStorageContract;

class PostgresNotifyStorageTest extends NotifyStorageContract {
  @Override
  protected Storage newStorage(Path dir) {
    return PostgresStorage.open(EmbeddedServer.url(dir), EmbeddedServer.user(), null);
  }
}
