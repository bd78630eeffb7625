// Verifies a Standard Webhooks signature with the reference npm library, independently of Vigie.
// Usage: node verify-webhook.mjs <secret> <file with JSON {headers, body}>; exit 0 when valid.
import { Webhook } from "standardwebhooks";
import { readFileSync } from "node:fs";
const [secret, file] = process.argv.slice(2);
const { headers, body } = JSON.parse(readFileSync(file, "utf8"));
try {
  // The library rejects timestamps more than 5 minutes from now; the test sends a current one.
  const payload = new Webhook(secret).verify(body, headers);
  console.log(JSON.stringify({ ok: true, type: payload.type }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e) }));
  process.exit(1);
}
