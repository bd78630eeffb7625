// The service page: chart, drill-down by country, the report button, live updates.
import { t, fmt, live, colorMap, timeElement } from './common.js';
import { Chart } from './chart.js';

const banner = document.getElementById('banner');
const slug = banner.dataset.slug;
const series = JSON.parse(document.getElementById('series').textContent);
const chart = new Chart(document.getElementById('chart'), series);
window.vigieChart = chart;

// ---- step buttons ----
document.querySelectorAll('.steps button').forEach((b) => {
  b.addEventListener('click', () => {
    document.querySelectorAll('.steps button').forEach((o) => o.setAttribute('aria-pressed', String(o === b)));
    chart.setStep(Number(b.dataset.step));
  });
});

// ---- drill-down by country ----
const scope = document.getElementById('chart-scope');
const worldLink = document.getElementById('chart-world');
let worldSeries = series.country === '*' ? series : null;

async function showCountry(cc, name) {
  const to = chart.series.t0 + chart.series.r.length * chart.series.step;
  const from = to - chart.series.r.length * chart.series.step;
  const url = `/api/v1/services/${encodeURIComponent(slug)}/series?country=${encodeURIComponent(cc)}&step=1m`
    + `&from=${new Date(from * 1000).toISOString()}&to=${new Date(to * 1000).toISOString()}`;
  const res = await fetch(url);
  if (!res.ok) {
    return;
  }
  const body = await res.json();
  const s = { slug, country: cc, t0: from, step: 60, r: body.points.map((p) => p.reports), b: body.points.map((p) => p.baseline) };
  if (chart.series.country === '*') {
    worldSeries = chart.series;
  }
  chart.set(s);
  scope.textContent = t('js.chart.country', name);
  worldLink.hidden = false;
  history.replaceState(null, '', `?country=${cc}${location.search.includes('lang=') ? '&lang=' + document.documentElement.lang : ''}#chart-section`);
  document.getElementById('chart-section').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-cc], svg.world a');
  if (!a) {
    return;
  }
  const cc = a.dataset.cc || a.querySelector('path')?.dataset.cc;
  if (!cc) {
    return;
  }
  e.preventDefault();
  const title = document.querySelector(`svg.world path[data-cc="${cc}"] title`);
  showCountry(cc, title ? title.textContent.split(':')[0] : cc);
});

worldLink.addEventListener('click', (e) => {
  if (!worldSeries) {
    return; // the page was rendered for a country: let the link load the world page
  }
  e.preventDefault();
  chart.set(worldSeries);
  scope.textContent = t('js.chart.world');
  worldLink.hidden = true;
  history.replaceState(null, '', location.pathname + (location.search.includes('lang=') ? '?lang=' + document.documentElement.lang : ''));
});

// ---- the report button ----
const form = document.getElementById('report-form');
const open = document.getElementById('report-open');
const result = document.getElementById('report-result');
form.hidden = true;
open.addEventListener('click', () => {
  form.hidden = !form.hidden;
  open.setAttribute('aria-expanded', String(!form.hidden));
  if (!form.hidden) {
    form.querySelector('input[name=indicator]:checked, input[name=indicator]')?.focus();
  }
});

function clientId() {
  const m = document.cookie.match(/(?:^|;\s*)vigie_client=([^;]+)/);
  if (m) {
    return m[1];
  }
  const id = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
  document.cookie = `vigie_client=${id}; path=/; max-age=31536000; samesite=lax`;
  return id;
}

const liveCount = document.getElementById('live-count');

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clientId();
  const fd = new FormData(form);
  const report = { service: form.dataset.service, channel: 'web' };
  if (fd.get('indicator')) report.indicator = fd.get('indicator');
  if (fd.get('country')) report.country = fd.get('country');
  if (String(fd.get('city') || '').trim()) report.city = String(fd.get('city')).trim();
  result.textContent = t('js.report.sending');
  try {
    const res = await fetch('/api/v1/reports', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(report), credentials: 'same-origin',
    });
    if (res.status === 202) {
      const body = await res.json();
      result.textContent = body.counted > 0 ? t('js.report.counted') : t('js.report.notcounted');
      result.dataset.outcome = body.counted > 0 ? 'counted' : 'kept';
      form.hidden = true;
      open.setAttribute('aria-expanded', 'false');
    } else if (res.status === 429) {
      result.textContent = t('js.report.rate', res.headers.get('Retry-After') || '60');
      result.dataset.outcome = 'rate';
    } else {
      const body = await res.json().catch(() => ({}));
      result.textContent = t('js.report.error', body.detail || res.status);
      result.dataset.outcome = 'error';
    }
  } catch (err) {
    result.textContent = t('js.report.error', err.message);
    result.dataset.outcome = 'error';
  }
});

// ---- live updates ----
const statusClass = { OPERATIONAL: 'ok', POSSIBLE_PROBLEMS: 'warn', OUTAGE: 'down' };
const statusIcon = { OPERATIONAL: '✓', POSSIBLE_PROBLEMS: '!', OUTAGE: '✕' };

function onStatus(s) {
  if (s.slug !== slug) {
    return;
  }
  if (banner.dataset.status !== s.status) {
    banner.dataset.status = s.status;
    banner.className = 'banner ' + statusClass[s.status];
    banner.querySelector('.icon').textContent = statusIcon[s.status];
    document.getElementById('status-label').textContent = t('status.' + s.status);
  }
  const since = document.getElementById('status-since');
  if (s.since) {
    const existing = since.querySelector('time');
    if (!existing || existing.getAttribute('datetime') !== s.since || since.dataset.status !== s.status) {
      since.replaceChildren(document.createTextNode(t(s.status === 'OPERATIONAL' ? 'js.since.ok' : 'js.since') + ' '), timeElement(s.since));
      since.dataset.status = s.status;
    }
  }
  liveCount.textContent = fmt(s.live);
  liveCount.dataset.value = String(s.live);
  const link = document.getElementById('incident-link');
  if (s.incident) {
    if (!link.querySelector('a')) {
      const a = document.createElement('a');
      a.href = '/incidents/' + s.incident + (location.search.includes('lang=') ? '?lang=' + document.documentElement.lang : '');
      a.textContent = t('js.incident', s.incident);
      link.replaceChildren(document.createTextNode(' · '), a);
    }
  } else {
    link.replaceChildren();
  }
}

function onSeries(s) {
  if (s.slug !== slug) {
    return;
  }
  if (s.indicators) {
    onProblems(s.indicators);
  }
  if (chart.series.country === '*') {
    chart.merge(s.points, s.latest);
  } else if (worldSeries) {
    // Keep the world series current while a country is shown.
    const shown = chart.series;
    chart.series = worldSeries;
    chart.merge(s.points, s.latest);
    worldSeries = chart.series;
    chart.set(shown);
  }
}

const labels = JSON.parse(document.getElementById('indicator-labels').textContent);
const SVG = 'http://www.w3.org/2000/svg';

/** Redraws the most reported problems: the same markup the server renders. */
function onProblems(indicators) {
  const total = indicators.reduce((a, [, n]) => a + n, 0);
  const list = document.getElementById('problem-list');
  const rows = indicators.map(([slug, n]) => {
    const pct = Math.round((100 * n) / total);
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = labels[slug] || slug;
    const share = document.createElement('span');
    share.className = 'pct';
    share.textContent = pct + ' %';
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('viewBox', '0 0 100 6');
    svg.setAttribute('preserveAspectRatio', 'none');
    const track = document.createElementNS(SVG, 'rect');
    track.setAttribute('class', 'track');
    track.setAttribute('width', '100');
    track.setAttribute('height', '6');
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('width', String(Math.max(1, pct)));
    bar.setAttribute('height', '6');
    svg.append(track, bar);
    li.append(label, document.createTextNode(' '), share, svg);
    return li;
  });
  list.replaceChildren(...rows);
  document.getElementById('problems-none').hidden = total > 0;
  const totalEl = document.getElementById('problems-total');
  totalEl.hidden = total === 0;
  totalEl.textContent = t('js.problems.total', fmt(total));
}

function onMap(m) {
  if (m.service === slug) {
    colorMap(m);
  }
}

const table = document.getElementById('country-table');
if (table) {
  table.dataset.template = `/status/${slug}?country={cc}#chart-section`;
}
live('service=' + encodeURIComponent(slug), { status: onStatus, series: onSeries, map: onMap });
