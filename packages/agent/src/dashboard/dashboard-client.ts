/**
 * The dashboard's only script, served as `/assets/dashboard.js` (the pages' CSP runs no inline script). It is
 * small and framework-free:
 * - asks for confirmation before forms marked `data-confirm` (replay, cancel, approve…);
 * - draws the charts of `.chart` elements with uPlot, from JSON embedded in the page (`data-chart-source`, the id
 *   of a `<script type="application/json">`) or fetched (`data-chart-url`), formatting axes with `Intl` in the
 *   page's language and currency; when done the element gets `data-state="ready"` and `data-points`;
 * - polls `.sync-progress[data-poll-url]` panels while a sync runs, so long work shows progress without blocking.
 *
 * Every text it writes goes through `textContent`, never `innerHTML`.
 *
 * @example
 * import { DASHBOARD_CLIENT_SCRIPT } from './dashboard-client.ts';
 * DASHBOARD_CLIENT_SCRIPT.includes('uPlot'); // true
 */
export const DASHBOARD_CLIENT_SCRIPT = `(function () {
  'use strict';
  var body = document.body;
  var locale = (body && body.getAttribute('data-locale')) || 'en';
  var timeZone = (body && body.getAttribute('data-time-zone')) || undefined;
  var COLORS = ['#1d5fbf', '#f04e23', '#2e8b57', '#6b46c1', '#b7791f', '#0f766e', '#be185d', '#4b5563'];

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  function valueFormatter(format, compact) {
    try {
      if (format.style === 'money') {
        var money = new Intl.NumberFormat(format.locale, {
          style: 'currency',
          currency: format.currency,
          maximumFractionDigits: compact ? 0 : undefined,
        });
        return function (v) { return money.format(v); };
      }
      var options = format.unit ? { style: 'unit', unit: format.unit, maximumFractionDigits: 1 } : { maximumFractionDigits: 1 };
      var number = new Intl.NumberFormat(format.locale, options);
      return function (v) { return number.format(v); };
    } catch (error) {
      return function (v) { return String(v); };
    }
  }

  function timeFormatter(x) {
    var span = x.length > 1 ? x[x.length - 1] - x[0] : 0;
    var options = span < 2 * 86400
      ? { hour: '2-digit', minute: '2-digit', timeZone: timeZone }
      : span < 120 * 86400
        ? { day: 'numeric', month: 'short', timeZone: timeZone }
        : { month: 'short', year: '2-digit', timeZone: timeZone };
    var format;
    try { format = new Intl.DateTimeFormat(locale, options); } catch (error) { format = new Intl.DateTimeFormat(locale); }
    return function (seconds) { return format.format(new Date(seconds * 1000)); };
  }

  function timeLegendFormatter(x) {
    var span = x.length > 1 ? x[x.length - 1] - x[0] : 0;
    var options = span < 2 * 86400
      ? { hour: '2-digit', minute: '2-digit', timeZone: timeZone }
      : { day: 'numeric', month: 'short', year: 'numeric', timeZone: timeZone };
    var format;
    try { format = new Intl.DateTimeFormat(locale, options); } catch (error) { format = new Intl.DateTimeFormat(locale); }
    return function (seconds) { return format.format(new Date(seconds * 1000)); };
  }

  function drawChart(host, chart, index) {
    var wrap = document.createElement('div');
    wrap.className = 'chart-item';
    var title = document.createElement('h3');
    title.textContent = chart.title;
    wrap.appendChild(title);
    var canvasHost = document.createElement('div');
    canvasHost.setAttribute('role', 'img');
    canvasHost.setAttribute('aria-label', chart.title);
    wrap.appendChild(canvasHost);
    host.appendChild(wrap);

    var categories = chart.xLabels;
    var bars = chart.kind !== 'line';
    var stacked = chart.kind === 'stacked-bars';
    var raw = chart.series.map(function (s) { return s.values; });
    var order = raw.map(function (_, i) { return i; });
    var drawn = raw;
    if (stacked) {
      // Painter's stacking: each series is drawn as the running total, biggest first, so the smaller totals
      // painted over it leave each agent its own band of the bar.
      var running = raw.map(function () { return []; });
      for (var j = 0; j < chart.x.length; j++) {
        var total = 0;
        for (var i = 0; i < raw.length; i++) { total += raw[i][j] || 0; running[i][j] = total; }
      }
      order = order.slice().reverse();
      drawn = order.map(function (i) { return running[i]; });
    }
    var full = valueFormatter(chart.format, false);
    var compact = valueFormatter(chart.format, true);
    var time = categories ? null : timeFormatter(chart.x);
    var timeLegend = categories ? null : timeLegendFormatter(chart.x);
    var series = [{
      label: chart.xLabel,
      value: function (u, v) {
        if (v == null) return '—';
        return categories ? (categories[v] || '') : timeLegend(v);
      },
    }];
    order.forEach(function (seriesIndex, position) {
      var color = COLORS[seriesIndex % COLORS.length];
      var item = {
        label: chart.series[seriesIndex].label,
        stroke: color,
        width: bars ? 1 : 2,
        // One line gets a light area under it; several would muddy each other.
        fill: bars ? color + 'cc' : chart.series.length === 1 ? color + '1a' : undefined,
        points: { show: !bars && chart.x.length <= 40 },
        value: function (u, v, si, idx) {
          var original = raw[seriesIndex][idx];
          return original == null ? '—' : full(original);
        },
      };
      if (bars && window.uPlot.paths && window.uPlot.paths.bars) {
        item.paths = window.uPlot.paths.bars({ size: [0.7, 64] });
        item.points = { show: false };
      }
      series.push(item);
      void position;
    });
    var width = Math.max(280, (host.clientWidth || 600) - 16);
    var options = {
      width: width,
      height: 220,
      series: series,
      scales: {
        x: categories
          ? { time: false, range: function (u, min, max) { return [min - 0.5, max + 0.5]; } }
          : { time: true },
      },
      axes: [
        {
          space: 70,
          values: function (u, splits) {
            return splits.map(function (s) {
              if (categories) return Number.isInteger(s) ? (categories[s] || '') : '';
              return time(s);
            });
          },
        },
        { size: 90, values: function (u, splits) { return splits.map(function (s) { return compact(s); }); } },
      ],
      legend: { live: true },
    };
    var data = [chart.x].concat(drawn);
    new window.uPlot(options, data, canvasHost);
    void index;
  }

  function renderSet(host, set) {
    host.textContent = '';
    host.removeAttribute('aria-busy');
    if (!set || !Array.isArray(set.charts) || set.points === 0 || set.charts.length === 0) {
      var empty = document.createElement('p');
      empty.className = 'chart-status empty';
      empty.textContent = host.getAttribute('data-empty') || '';
      host.appendChild(empty);
      host.setAttribute('data-points', '0');
      host.setAttribute('data-state', 'empty');
      return;
    }
    if (typeof window.uPlot !== 'function') throw new Error('uPlot is not loaded');
    set.charts.forEach(function (chart, index) { drawChart(host, chart, index); });
    host.setAttribute('data-points', String(set.points));
    host.setAttribute('data-state', 'ready');
  }

  function failed(host) {
    host.textContent = '';
    host.removeAttribute('aria-busy');
    var message = document.createElement('p');
    message.className = 'chart-status error-cell';
    message.textContent = host.getAttribute('data-error') || 'Error';
    host.appendChild(message);
    host.setAttribute('data-state', 'error');
  }

  Array.prototype.forEach.call(document.querySelectorAll('.chart'), function (host) {
    var source = host.getAttribute('data-chart-source');
    var url = host.getAttribute('data-chart-url');
    try {
      if (source) {
        var element = document.getElementById(source);
        renderSet(host, JSON.parse(element ? element.textContent : 'null'));
      } else if (url) {
        fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
          .then(function (response) {
            if (!response.ok) throw new Error('HTTP ' + response.status);
            return response.json();
          })
          .then(function (set) { renderSet(host, set); })
          .catch(function () { failed(host); });
      }
    } catch (error) {
      failed(host);
    }
  });

  function renderSync(panel, job) {
    panel.textContent = '';
    var state = document.createElement('strong');
    state.textContent = panel.getAttribute('data-label-' + job.state) || job.state;
    panel.appendChild(state);
    var numbers = new Intl.NumberFormat(locale);
    (job.progress || []).forEach(function (p) {
      var line = document.createElement('div');
      var text = p.resource + ': ' + numbers.format(p.done) + (p.total != null ? '/' + numbers.format(p.total) : '') +
        ' · ' + numbers.format(p.items);
      line.textContent = text;
      if (p.total) {
        var bar = document.createElement('progress');
        bar.max = p.total;
        bar.value = p.done;
        line.appendChild(document.createTextNode(' '));
        line.appendChild(bar);
      }
      panel.appendChild(line);
    });
    if (job.error) {
      var error = document.createElement('div');
      error.className = 'error-cell';
      error.textContent = job.error;
      panel.appendChild(error);
    }
    panel.setAttribute('data-state', job.state);
  }

  Array.prototype.forEach.call(document.querySelectorAll('.sync-progress[data-poll-url]'), function (panel) {
    var url = panel.getAttribute('data-poll-url');
    function poll() {
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) return;
          renderSync(panel, job);
          if (job.state === 'running') setTimeout(poll, 1000);
        })
        .catch(function () { /* the next page load tries again */ });
    }
    poll();
  });
})();
`;
