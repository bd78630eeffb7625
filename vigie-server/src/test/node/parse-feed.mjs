// Parses an Atom feed with rss-parser (an independent feed parser) and prints what it understood.
import Parser from "rss-parser";
import { readFileSync } from "node:fs";
const xml = readFileSync(process.argv[2], "utf8");
try {
  const feed = await new Parser().parseString(xml);
  console.log(JSON.stringify({ ok: true, title: feed.title, link: feed.link, items: feed.items.map(i => ({ id: i.id, title: i.title, link: i.link, isoDate: i.isoDate, content: i.content })) }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e) }));
  process.exit(1);
}
