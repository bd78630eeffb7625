// The home page: filters services as one types, and keeps badges, counts and the order (most
// trouble first) live.
import { t, fmt, live } from './common.js';

const input = document.getElementById('q');
const items = [...document.querySelectorAll('#services li')];
const none = document.getElementById('no-match');

function filter() {
  const q = input.value.trim().toLowerCase();
  let shown = 0;
  for (const li of items) {
    const match = !q || li.dataset.names.includes(q);
    li.hidden = !match;
    shown += match ? 1 : 0;
  }
  none.hidden = shown > 0;
}
input.addEventListener('input', filter);

const cls = { OPERATIONAL: 'ok', POSSIBLE_PROBLEMS: 'warn', OUTAGE: 'down' };
const icon = { OPERATIONAL: '✓', POSSIBLE_PROBLEMS: '!', OUTAGE: '✕' };
const trouble = { OPERATIONAL: 0, POSSIBLE_PROBLEMS: 1, OUTAGE: 2 };
const list = document.getElementById('services');

/** The server's order (Site.states): most trouble, then most reports in the last hour, then name. */
function before(a, b) {
  const d = trouble[b.dataset.status] - trouble[a.dataset.status] || Number(b.dataset.lastHour) - Number(a.dataset.lastHour);
  if (d !== 0) {
    return d;
  }
  return a.dataset.name < b.dataset.name ? -1 : a.dataset.name > b.dataset.name ? 1 : 0;
}

let reorderPending = false;

/** Moves the services into order; waits while the keyboard focus is in the list, so it is not lost. */
function reorder() {
  if (list.contains(document.activeElement)) {
    if (!reorderPending) {
      reorderPending = true;
      list.addEventListener('focusout', () => { reorderPending = false; setTimeout(reorder); }, { once: true });
    }
    return;
  }
  const sorted = [...items].sort(before);
  if (sorted.some((li, i) => list.children[i] !== li)) {
    list.append(...sorted);
  }
}

live('', {
  status: (s) => {
    const li = document.querySelector(`#services li[data-slug="${CSS.escape(s.slug)}"]`);
    if (!li) {
      return;
    }
    const badge = li.querySelector('.badge');
    if (badge.dataset.status !== s.status) {
      badge.dataset.status = s.status;
      badge.className = 'badge ' + cls[s.status];
      const glyph = document.createElement('span');
      glyph.setAttribute('aria-hidden', 'true');
      glyph.textContent = icon[s.status];
      badge.replaceChildren(glyph, document.createTextNode(' ' + t('status.' + s.status)));
    }
    li.querySelector('.count .n').textContent = fmt(s.lastHour);
    if (li.dataset.status !== s.status || li.dataset.lastHour !== String(s.lastHour)) {
      li.dataset.status = s.status;
      li.dataset.lastHour = String(s.lastHour);
      reorder();
    }
  },
});
