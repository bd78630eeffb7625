package org.vigie.server.web;

import java.time.Instant;

/**
 * A comment left on a service page.
 *
 * @param reporter the commenter's reporter key (HMAC of address and client cookie), for bans
 * @param name the name the commenter gave, possibly empty
 */
record Comment(long id, String service, Instant at, long reporter, String name, String text, boolean hidden) {
  Comment withHidden(boolean h) {
    return new Comment(id, service, at, reporter, name, text, h);
  }
}
