// The reports chart: counted reports against the usual level and its range, drawn with uPlot.
import uPlot from './uPlot.esm.js';
import { t, fmt, lang } from './common.js';

/** Sums a per-minute series into buckets of `step` minutes. */
export function aggregate(series, step) {
  const n = Math.ceil(series.r.length / step);
  const out = { t0: series.t0, step: series.step * step, r: new Array(n).fill(0), b: new Array(n).fill(0) };
  for (let i = 0; i < series.r.length; i++) {
    const k = Math.floor(i / step);
    out.r[k] += series.r[i];
    out.b[k] += series.b[i];
  }
  out.b = out.b.map((v) => Math.round(v * 100) / 100);
  return out;
}

function data(s) {
  const x = s.r.map((_, i) => s.t0 + i * s.step);
  // The usual range: a Poisson count's ± 2 standard deviations around the baseline.
  const hi = s.b.map((b) => b + 2 * Math.sqrt(b));
  const lo = s.b.map((b) => Math.max(0, b - 2 * Math.sqrt(b)));
  return [x, s.r, s.b, hi, lo];
}

export class Chart {
  constructor(el, series) {
    this.el = el;
    this.series = series;
    this.step = 1;
    const opts = {
      width: Math.max(300, el.clientWidth),
      height: 280,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(5, max * 1.1)] } },
      series: [
        { label: t('js.chart.time') },
        { label: t('js.chart.reports'), stroke: '#b3261e', width: 2, fill: 'rgba(179,38,30,0.10)', points: { show: false } },
        { label: t('js.chart.usual'), stroke: '#4a5a70', width: 1.5, dash: [5, 4], points: { show: false } },
        { label: t('js.chart.band'), stroke: 'rgba(74,90,112,0.25)', width: 1, points: { show: false } },
        { label: t('js.chart.band'), stroke: 'rgba(74,90,112,0.25)', width: 1, points: { show: false } },
      ],
      bands: [{ series: [3, 4], fill: 'rgba(74,90,112,0.14)' }],
      axes: [{}, { size: 56 }],
    };
    this.plot = new uPlot(opts, data(series), el);
    this.publish();
    window.addEventListener('resize', () => this.plot.setSize({ width: Math.max(300, el.clientWidth), height: 280 }));
  }

  shown() {
    return this.step === 1 ? this.series : aggregate(this.series, this.step);
  }

  /** Draws a new series (another country, another step) or the same one updated. */
  set(series) {
    this.series = series;
    this.redraw();
  }

  setStep(step) {
    this.step = step;
    this.redraw();
  }

  redraw() {
    this.plot.setData(data(this.shown()));
    this.publish();
  }

  /** Merges live minutes [epochSeconds, reports, baseline] into the per-minute series. */
  merge(points, latest) {
    const s = this.series;
    if (latest && latest > s.t0 + (s.r.length - 1) * s.step) {
      // The day moved on: shift the window so it still ends at the latest closed minute.
      const shift = Math.round((latest - (s.t0 + (s.r.length - 1) * s.step)) / s.step);
      if (shift >= s.r.length) {
        s.r.fill(0);
        s.b.fill(s.b[s.b.length - 1] ?? 0);
      } else {
        const lastB = s.b[s.b.length - 1] ?? 0;
        s.r = s.r.slice(shift).concat(new Array(shift).fill(0));
        s.b = s.b.slice(shift).concat(new Array(shift).fill(lastB));
      }
      s.t0 += shift * s.step;
    }
    for (const [ts, r, b] of points) {
      const i = Math.round((ts - s.t0) / s.step);
      if (i >= 0 && i < s.r.length) {
        s.r[i] = r;
        s.b[i] = b;
      }
    }
    this.redraw();
  }

  /** What the chart shows now, as data attributes (the peak, the number of points). */
  publish() {
    const s = this.shown();
    const summary = document.getElementById('chart-summary');
    if (summary) {
      let peak = 0;
      let sum = 0;
      s.r.forEach((v, i) => { sum += v; if (v > s.r[peak]) peak = i; });
      const at = new Date((s.t0 + peak * s.step) * 1000).toISOString().slice(11, 16);
      summary.textContent = sum === 0 ? t('chart.empty')
        : t('chart.summary', fmt(sum), fmt(s.r[peak]), at, (s.b[peak] ?? 0).toLocaleString(lang, { maximumFractionDigits: 1 }));
    }
    this.el.dataset.max = String(Math.max(0, ...s.r));
    this.el.dataset.points = String(s.r.length);
    this.el.dataset.country = this.series.country || '*';
  }
}
