package org.vigie.core.storage;

/** A backend could not do what was asked; nothing of the failed call was applied. */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
