package org.vigie.store.common;

/**
 * What differs between the two backends' SQL for the roles written once in this package. Most
 * statements are plain SQL both engines run as written ({@code ON CONFLICT}, {@code RETURNING},
 * {@code TRUE}); the few real differences are kept here as small strings or flags, so a store
 * reads as one piece of SQL with a hole, rather than as two near-identical classes.
 */
public enum Dialect {
  /** JSON as TEXT, NaN stored as NULL (SQLite turns NaN into NULL anyway). */
  SQLITE("?", true),
  /** JSON as {@code jsonb}; float8 keeps NaN as it is. */
  POSTGRES("CAST(? AS jsonb)", false);

  private final String jsonParam;
  private final boolean nanAsNull;

  Dialect(String jsonParam, boolean nanAsNull) {
    this.jsonParam = jsonParam;
    this.nanAsNull = nanAsNull;
  }

  /** How the parameter of a JSON column is written: {@code ?} or {@code CAST(? AS jsonb)}. */
  public String jsonParam() {
    return jsonParam;
  }

  /** Whether a NaN double is bound as SQL NULL (and NULL read back as NaN). */
  public boolean nanAsNull() {
    return nanAsNull;
  }
}
