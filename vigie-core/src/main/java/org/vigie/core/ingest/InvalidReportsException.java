package org.vigie.core.ingest;

import java.util.List;

/** The submission was refused as a whole because of these errors; nothing was stored. */
public final class InvalidReportsException extends RuntimeException {
  private final transient List<ReportError> errors;

  public InvalidReportsException(List<ReportError> errors) {
    super(errors.isEmpty() ? "invalid reports" : describe(errors.getFirst()) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    this.errors = List.copyOf(errors);
  }

  public List<ReportError> errors() {
    return errors;
  }

  static String describe(ReportError e) {
    return "line " + e.line() + (e.field() == null ? "" : ", field '" + e.field() + "'") + ": " + e.message();
  }
}
