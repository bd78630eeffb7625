// Shared helpers of Vigie's pages: strings, numbers, times, live events, map coloring.
const block = document.getElementById('i18n');
const strings = block ? JSON.parse(block.textContent) : {};
export const lang = document.documentElement.lang || 'en';

/** A message of the page's language; {0}, {1}… replaced. */
export function t(key, ...args) {
  let s = strings[key] ?? key;
  args.forEach((a, i) => { s = s.replace('{' + i + '}', String(a)); });
  return s;
}

const numberFormat = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB');
export const fmt = (n) => numberFormat.format(n);

const timeFormat = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** Shows a <time data-local> in the reader's own time zone. */
export function localTime(el) {
  const d = new Date(el.getAttribute('datetime'));
  if (!isNaN(d)) {
    el.textContent = timeFormat.format(d);
  }
}

export function timeElement(iso) {
  const el = document.createElement('time');
  el.setAttribute('datetime', iso);
  el.setAttribute('data-local', '');
  el.textContent = iso;
  localTime(el);
  return el;
}

document.querySelectorAll('time[data-local]').forEach(localTime);

/**
 * Subscribes to the server's events; the browser reconnects by itself. Handlers by event name.
 * The source is kept on window.vigieEvents so tests and curious readers can see its state.
 */
export function live(query, handlers) {
  const es = new EventSource('/api/v1/events' + (query ? '?' + query : ''));
  // Leaving the page closes the stream at once (a browser allows few connections per host);
  // coming back to it from the back-forward cache opens a new one.
  window.addEventListener('pagehide', () => es.close(), { once: true });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) {
      live(query, handlers);
    }
  }, { once: true });
  for (const [name, fn] of Object.entries(handlers)) {
    es.addEventListener(name, (e) => {
      try {
        fn(JSON.parse(e.data));
      } catch (err) {
        console.error('vigie: bad event', name, err);
      }
    });
  }
  window.vigieEvents = es;
  return es;
}

/** Recolors a server-rendered map and its table from a map event. */
export function colorMap(data) {
  const byCc = new Map(data.countries.map((c) => [c.country, c]));
  document.querySelectorAll('svg.world path[data-cc]').forEach((p) => {
    const c = byCc.get(p.dataset.cc);
    const level = c ? c.level : 0;
    p.setAttribute('class', 'l' + level);
    p.dataset.reports = c ? c.reports : 0;
    const title = p.querySelector('title');
    if (title) {
      const name = title.textContent.split(':')[0];
      title.textContent = name + ': ' + t('map.tip', fmt(c ? c.reports : 0));
    }
  });
  const table = document.getElementById('country-table');
  if (table) {
    const body = table.tBodies[0];
    const rows = [];
    const links = body.querySelector('a') !== null || table.dataset.links === 'true';
    const template = table.dataset.template;
    for (const c of data.countries.slice(0, body.rows.length > 10 ? 20 : 10)) {
      const tr = document.createElement('tr');
      tr.dataset.cc = c.country;
      const name = document.createElement('td');
      const known = document.querySelector('svg.world path[data-cc="' + c.country + '"] title');
      const label = known ? known.textContent.split(':')[0] : c.name;
      if (links && template) {
        const a = document.createElement('a');
        a.href = template.replace('{cc}', c.country);
        a.dataset.cc = c.country;
        a.textContent = label;
        name.append(a);
      } else {
        name.textContent = label;
      }
      const n = document.createElement('td');
      n.className = 'num';
      n.textContent = fmt(c.reports);
      const lv = document.createElement('td');
      lv.textContent = t('map.level.' + c.level);
      tr.append(name, n, lv);
      rows.push(tr);
    }
    body.replaceChildren(...rows);
    const none = document.getElementById('country-none');
    if (none) {
      none.hidden = data.countries.length > 0;
    }
  }
}
