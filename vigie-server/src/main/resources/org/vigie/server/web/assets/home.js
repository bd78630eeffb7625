// The home page: filters services as one types, and keeps badges and counts live.
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
  },
});
