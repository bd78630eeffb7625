// The incident page: draws the incident's reports against the usual level and, while the
// incident is open, follows it live: the chart takes each closed minute, and the facts,
// countries, problems, correlated incidents and timeline are swapped for a fresh render.
import { live, localTime } from './common.js';
import { Chart } from './chart.js';

const series = JSON.parse(document.getElementById('series').textContent);
const chart = new Chart(document.getElementById('chart'), series);
window.vigieChart = chart;

const banner = document.getElementById('incident-banner');
const id = Number(banner.dataset.incident);
const slug = banner.dataset.slug;

/** The shown status, to tell a change (refresh at once) from a count moving (next minute). */
let shownStatus = null;
let refreshing = null;

/** Fetches this page again and swaps the contents of every data-live section in place. */
async function refresh() {
  const res = await fetch(location.href, { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) {
    return;
  }
  const fresh = new DOMParser().parseFromString(await res.text(), 'text/html');
  for (const el of document.querySelectorAll('[data-live]')) {
    const next = fresh.getElementById(el.id);
    if (next) {
      // The element stays (the banner is a live region); its class and contents change.
      el.className = next.className;
      el.dataset.open = next.dataset.open ?? '';
      el.replaceChildren(...[...next.childNodes].map((n) => document.importNode(n, true)));
      el.querySelectorAll('time[data-local]').forEach(localTime);
    }
  }
  if (banner.dataset.open !== 'true') {
    window.vigieEvents?.close(); // resolved: nothing more will change
  }
}

/** Grows the chart up to the latest closed minute: it was drawn to half an hour past the render. */
function growTo(latest) {
  const s = chart.series;
  const missing = Math.round((latest - (s.t0 + (s.r.length - 1) * s.step)) / s.step);
  if (missing > 0) {
    s.r = s.r.concat(new Array(missing).fill(0));
    s.b = s.b.concat(new Array(missing).fill(s.b[s.b.length - 1] ?? 0));
  }
}

function refreshSoon() {
  // One fetch at a time; changes that arrive meanwhile are in the next render anyway.
  refreshing ??= refresh().catch((err) => console.warn('vigie: refresh failed', err)).finally(() => { refreshing = null; });
}

if (banner.dataset.open === 'true') {
  live('service=' + encodeURIComponent(slug), {
    series: (s) => {
      if (s.slug === slug) {
        if (s.latest) {
          growTo(s.latest);
        }
        chart.merge(s.points, null);
        refreshSoon();
      }
    },
    status: (s) => {
      if (s.slug !== slug) {
        return;
      }
      const changed = shownStatus !== null && (shownStatus !== s.status || s.incident !== id);
      shownStatus = s.status;
      if (changed) {
        refreshSoon();
      }
    },
  });
}
