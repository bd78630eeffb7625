// The outage map page: recolors the server-rendered world as events arrive.
import { t, fmt, live, colorMap } from './common.js';

const section = document.getElementById('map-section');
const service = section.dataset.service;
const total = document.getElementById('map-total');
const table = document.getElementById('country-table');
if (table && service) {
  table.dataset.template = `/status/${service}?country={cc}#chart-section`;
}

document.getElementById('map-service').addEventListener('change', (e) => {
  e.target.form.requestSubmit();
});

live(service ? 'service=' + encodeURIComponent(service) : '', {
  map: (m) => {
    if (m.service !== (service || '*')) {
      return;
    }
    colorMap(m);
    total.textContent = t('js.map.total', fmt(m.total));
    total.dataset.value = String(m.total);
  },
});
