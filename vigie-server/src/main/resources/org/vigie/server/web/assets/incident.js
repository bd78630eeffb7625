// The incident page: draws the incident's reports against the usual level.
import { Chart } from './chart.js';

const series = JSON.parse(document.getElementById('series').textContent);
window.vigieChart = new Chart(document.getElementById('chart'), series);
