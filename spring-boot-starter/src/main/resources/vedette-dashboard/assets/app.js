/* Vedette dashboard. Plain JavaScript, no build step. Every value from the API reaches the page
 * through textContent or attribute setters (never innerHTML), so stored data cannot run as code. */
'use strict';
(function () {
  var BASE = document.querySelector('meta[name="vedette-base"]').getAttribute('content');
  var API = BASE + '/api';
  var session = null;
  var current = null; // {name, refresh(), onEvent(name, data)}
  var liveMode = 'connecting';

  // ------------------------------------------------------------------ DOM helpers

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = String(v);
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  function main() { return document.getElementById('main'); }

  // ------------------------------------------------------------------ formatting

  /** The business zone (from the API) that every time on the page is shown in; UTC until the session is loaded. */
  function zone() { return (session && session.zone) || 'UTC'; }
  /** A time in the business zone, with the zone's short name (e.g. "Dec 03, 2026, 01:00:00 GMT+9"). */
  function fmtTime(iso) {
    if (!iso) return '—';
    var d = new Date(iso);
    var o = { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' };
    try { return d.toLocaleString(undefined, Object.assign({ timeZone: zone() }, o)); } catch (e) { return d.toLocaleString(undefined, o); }
  }
  /** A length of time: "5 min", "3 h", "12 d". */
  function fmtSpan(ms) {
    var m = Math.floor(ms / 60000);
    if (m < 1) return 'under a minute';
    if (m < 120) return m + ' min';
    var hrs = Math.floor(m / 60);
    return hrs < 48 ? hrs + ' h' : Math.floor(hrs / 24) + ' d';
  }
  function fmtMoney(m) {
    if (!m) return '—';
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency }).format(Number(m.amount));
    } catch (e) { return m.amount + ' ' + m.currency; }
  }
  function fmtAmounts(list) {
    if (!list || list.length === 0) return '0';
    return list.map(fmtMoney).join(' · ');
  }
  function fmtPct(r, digits) {
    if (r === null || r === undefined) return 'n/a';
    return (r * 100).toFixed(digits === undefined ? 1 : digits) + '%';
  }
  function fmtChange(p) {
    if (p === null || p === undefined) return h('span', { class: 'muted', text: 'new' });
    var sign = p > 0 ? '+' : '';
    return h('span', { class: p > 0 ? 'up' : p < 0 ? 'down' : 'muted', text: sign + p.toFixed(1) + '%' });
  }
  /** Today's date (yyyy-mm-dd) in the business zone, minus {@code days}. */
  function businessDate(days) {
    var d = new Date(Date.now() - (days || 0) * 864e5);
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: session.zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    } catch (e) { return d.toISOString().slice(0, 10); }
  }
  function fmtNum(n) { return n === null || n === undefined ? '—' : Number(n).toLocaleString(); }
  function fmtMs(n) { return n === null || n === undefined ? '—' : n + ' ms'; }
  function statusClass(s) {
    switch (s) {
      case 'COMPLETED': case 'UP': case 'RESOLVED': case 'SENT': case 'SUCCEEDED': return 'green';
      case 'FAILED': case 'ERROR': case 'DOWN': case 'CRITICAL': case 'HIGH': case 'DEAD': case 'OPEN': case 'NEW': case 'REGRESSED': return 'red';
      case 'PENDING': case 'DEGRADED': case 'UNKNOWN': case 'MEDIUM': case 'ACKNOWLEDGED': case 'REFUNDED': case 'REVERSED': return 'amber';
      default: return '';
    }
  }
  function badge(s) { return h('span', { class: 'badge ' + statusClass(s), text: s }); }
  function dot(light, label) { return h('span', { class: 'dot ' + light, role: 'img', 'aria-label': label }); }

  // ------------------------------------------------------------------ HTTP

  function get(path, params) {
    var url = API + path + (params ? '?' + params.toString() : '');
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(handle);
  }
  function post(path, body) {
    var headers = { Accept: 'application/json' };
    headers[session.csrfHeader] = session.csrfToken;
    if (session.springCsrf) headers[session.springCsrf.headerName] = session.springCsrf.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(API + path, { method: 'POST', credentials: 'same-origin', headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(handle);
  }
  function handle(r) {
    if (r.status === 401) {
      if (!session || session.logout) location.href = BASE + '/login';
      throw new Error('signed out — reload the page to sign in again');
    }
    return r.json().catch(function () { return {}; }).then(function (j) {
      if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status));
      return j;
    });
  }
  function toast(msg) {
    var t = h('div', { text: msg });
    document.getElementById('toast').appendChild(t);
    setTimeout(function () { t.remove(); }, 5000);
  }
  function failed(e) { toast('Error: ' + e.message); }

  // ------------------------------------------------------------------ routing

  var pages = {};
  function route() {
    var path = location.pathname.slice(BASE.length).replace(/\/+$/, '');
    var parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    var name = parts[0] || 'overview';
    if (!pages[name]) name = 'overview';
    document.querySelectorAll('nav a').forEach(function (a) {
      if (a.getAttribute('data-page') === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    var root = clear(main());
    current = pages[name](root, parts.slice(1), new URLSearchParams(location.search)) || { name: name };
    current.name = name;
  }
  function go(href) {
    history.pushState(null, '', href);
    route();
    main().focus();
  }
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a');
    if (!a || a.target || a.hasAttribute('download') || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    var href = a.getAttribute('href');
    if (!href || href.indexOf(BASE + '/') !== 0 || href.indexOf(BASE + '/api/') === 0 || href.indexOf(BASE + '/assets/') === 0) return;
    e.preventDefault();
    document.getElementById('nav').classList.remove('open');
    go(href);
  });
  window.addEventListener('popstate', route);

  function link(href, text) { return h('a', { href: href, text: text }); }
  function txLink(id) { return link(BASE + '/transactions/' + encodeURIComponent(id), id); }

  // ------------------------------------------------------------------ charts (uPlot)

  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  var PALETTE = ['--chart-1', '--chart-2', '--chart-3'];
  function seriesColor(s, i) { return s.color ? css(s.color) : i < PALETTE.length ? css(PALETTE[i]) : 'hsl(' + (i * 137) % 360 + ', 60%, 50%)'; }
  /** A time chart drawn in the business zone: ticks, the legend's time and the axis name it. */
  function chart(target, title, xs, series, xRange) {
    var tz = zone();
    var box = h('div', { class: 'chart', role: 'img', 'aria-label': title + ' (times in ' + tz + ')', 'data-zone': tz });
    target.appendChild(box);
    if (!window.uPlot || xs.length === 0) { box.appendChild(h('p', { class: 'muted', text: 'No data.' })); return; }
    var width = Math.max(260, box.clientWidth || target.clientWidth || 600);
    var axis = { stroke: css('--muted'), grid: { stroke: css('--border'), width: 1 }, ticks: { stroke: css('--border') } };
    var opts = {
      width: width, height: 220, legend: { show: true },
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1e3), tz); },
      scales: { x: xRange ? { time: true, range: function () { return xRange; } } : { time: true } },
      axes: [Object.assign({}, axis, { label: 'time (' + tz + ')', labelSize: 20 }), Object.assign({}, axis, { size: 60 })],
      series: [{ label: tz, value: '{YYYY}-{MM}-{DD} {HH}:{mm}' }].concat(series.map(function (s, i) {
        return { label: s.label, stroke: seriesColor(s, i), width: 2, dash: s.dash, points: { show: xs.length < 50, size: 5 } };
      }))
    };
    box.uplot = new window.uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), box);
  }
  /** Every currency that occurs in a list of points, sorted. */
  function currencies(points) {
    var seen = {};
    points.forEach(function (p) { (p.revenue || []).forEach(function (r) { seen[r.currency] = true; }); });
    return Object.keys(seen).sort();
  }
  function revenueIn(p, cur) { var r = (p.revenue || []).filter(function (x) { return x.currency === cur; })[0]; return r ? Number(r.amount) : 0; }
  function secs(iso) { return new Date(iso).getTime() / 1000; }

  // ------------------------------------------------------------------ overview

  pages.overview = function (root) {
    root.appendChild(h('h1', { text: 'Overview' }));
    var body = h('div');
    root.appendChild(body);
    function load() {
      return get('/overview').then(function (o) {
        clear(body);
        var t = o.today, d = o.last24h;
        body.appendChild(h('div', { class: 'cards', id: 'kpis' },
          card('Revenue today', t.revenue.length ? t.revenue.map(fmtMoney) : '0', t.paid + ' paid', 'kpi-revenue'),
          card('Transactions today', fmtNum(t.transactions), t.failed + ' failed · ' + t.pending + ' pending', 'kpi-count'),
          card('Success rate (24 h)', fmtPct(d.successRate), d.succeeded + ' of ' + (d.succeeded + d.failed) + ' settled', 'kpi-success'),
          card('Failure rate (24 h)', fmtPct(d.failureRate), d.failed + ' failed', 'kpi-failure'),
          card('Active alerts', fmtNum(o.alerts.active), Object.keys(o.alerts.bySeverity).filter(function (k) { return o.alerts.bySeverity[k] > 0; })
            .map(function (k) { return o.alerts.bySeverity[k] + ' ' + k.toLowerCase(); }).join(' · ') || 'none', 'kpi-alerts'),
          card('System status', o.health.status, o.health.components.length + ' components', 'kpi-status', o.health.light)));
        body.appendChild(h('h2', { text: 'Components' }));
        body.appendChild(lights(o.health.components));
        var grid = h('div', { class: 'grid2' });
        body.appendChild(grid);
        var p1 = h('section', { class: 'panel', 'aria-label': 'Transactions per hour' }, h('h2', { text: 'Transactions per hour (24 h)' }));
        var p2 = h('section', { class: 'panel', 'aria-label': 'Revenue per hour' }, h('h2', { text: 'Revenue per hour (24 h)' }));
        grid.appendChild(p1); grid.appendChild(p2);
        var xs = o.trend.map(function (p) { return secs(p.start); });
        chart(p1, 'Transactions and failures per hour', xs, [
          { label: 'transactions', values: o.trend.map(function (p) { return p.transactions; }) },
          { label: 'failed', values: o.trend.map(function (p) { return p.failed; }) }]);
        // one line per currency: amounts in different currencies are never added up
        var curs = currencies(o.trend);
        chart(p2, 'Revenue per hour', curs.length ? xs : [], curs.map(function (cur) {
          return { label: cur, values: o.trend.map(function (p) { return revenueIn(p, cur); }) };
        }));
        body.appendChild(h('h2', { text: 'Active alerts' }));
        body.appendChild(o.alerts.items.length ? alertTable(o.alerts.items, false, load) : h('p', { class: 'muted', text: 'No active alerts.' }));
        body.appendChild(h('h2', { text: 'Quick actions' }));
        body.appendChild(h('div', { class: 'actions' },
          h('a', { class: 'button', href: BASE + '/transactions?status=FAILED,ERROR', text: 'Failed payments' }),
          h('a', { class: 'button', href: BASE + '/health', text: 'Check system health' }),
          h('a', { class: 'button', href: BASE + '/alerts#channels', text: 'Send a test notification' }),
          h('a', { class: 'button', href: API + '/reports/transactions.csv?from=' + businessDate(0), download: '', text: "Download today's CSV" })));
        var p = o.pipeline;
        body.appendChild(h('p', { class: 'muted', text: 'Pipeline: ' + fmtNum(p.written) + ' written, ' + fmtNum(p.dropped) + ' dropped, queue ' + p.queueDepth + '/' + p.queueCapacity + (p.lastWriteError ? ' · last write error: ' + p.lastWriteError : '') }));
      }).catch(failed);
    }
    load();
    return { refresh: load, onEvent: function (name) { if (name !== 'delivery') debounce(load); } };
  };
  function card(label, value, sub, id, light) {
    return h('div', { class: 'card', id: id },
      h('div', { class: 'label', text: label }),
      h('div', { class: 'value' }, light ? dot(light, value) : null, light ? ' ' : null,
        Array.isArray(value) ? value.map(function (v) { return h('div', { text: v }); }) : h('span', { text: value })),
      h('div', { class: 'sub', text: sub }));
  }
  function lights(components) {
    if (!components.length) return h('p', { class: 'muted', text: 'No health data yet.' });
    return h('div', { class: 'lights', id: 'lights' }, components.map(function (c) {
      var r = c.lastReport || {};
      return h('a', { class: 'light', href: BASE + '/health/' + encodeURIComponent(c.name), 'data-component': c.name },
        dot(c.light, c.status),
        h('div', {},
          h('div', { class: 'name', text: c.name }),
          h('div', { class: 'meta', text: c.status + (r.responseTimeMs != null ? ' · ' + r.responseTimeMs + ' ms' : '') }),
          r.message ? h('div', { class: 'meta', text: r.message }) : null,
          c.uptime ? h('div', { class: 'meta uptime', text: 'uptime ' + uptimeText(c.uptime) }) : null));
    }));
  }

  /** "24 h 99.95% · 7 d — · 30 d —" plus the covered period when a window is not yet covered. */
  function uptimeWindow(u, key) { return u.covered[key] ? fmtPct(u[key], 2) : '—'; }
  function uptimeCovered(u) {
    if (u.covered.last30d || !u.dataSince) return '';
    return fmtPct(u.last30d, 2) + ' in ' + fmtSpan(new Date(u.at) - new Date(u.dataSince)) + ' of data';
  }
  function uptimeText(u) {
    var covered = uptimeCovered(u);
    return '24 h ' + uptimeWindow(u, 'last24h') + ' · 7 d ' + uptimeWindow(u, 'last7d') + ' · 30 d ' + uptimeWindow(u, 'last30d') + (covered ? ' · ' + covered : '');
  }

  var debounceTimer = null;
  function debounce(fn) { clearTimeout(debounceTimer); debounceTimer = setTimeout(fn, 250); }

  // ------------------------------------------------------------------ transactions

  var TX_FIELDS = [
    ['status', 'Status', 'select', ['', 'COMPLETED', 'PENDING', 'FAILED,ERROR', 'FAILED', 'ERROR', 'REFUNDED']],
    ['q', 'Search (id, error text)', 'search'], ['email', 'Customer e-mail', 'email'], ['providerId', 'Provider order/payment id', 'text'],
    ['provider', 'Provider', 'text'], ['method', 'Payment method', 'text'], ['currency', 'Currency', 'text'],
    ['min', 'Min amount', 'number'], ['max', 'Max amount', 'number'], ['from', 'From', 'date'], ['to', 'To', 'date']];
  function filterForm(params, onSubmit, submitLabel) {
    var form = h('form', { class: 'filters', role: 'search', id: 'filters' });
    TX_FIELDS.forEach(function (f) {
      var id = 'f-' + f[0], input;
      if (f[2] === 'select') {
        input = h('select', { id: id, name: f[0] }, f[3].map(function (o) { return h('option', { value: o, text: o === '' ? 'All' : o === 'FAILED,ERROR' ? 'Failed (any)' : o }); }));
      } else {
        input = h('input', { id: id, name: f[0], type: f[2], step: f[2] === 'number' ? 'any' : null });
      }
      input.value = params.get(f[0]) || '';
      form.appendChild(h('div', {}, h('label', { for: id, text: f[1] }), input));
    });
    form.appendChild(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: submitLabel || 'Apply' }),
      h('button', { type: 'reset', text: 'Clear', onclick: function () { setTimeout(function () { onSubmit(new URLSearchParams()); }, 0); } })));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var p = new URLSearchParams();
      TX_FIELDS.forEach(function (f) { var v = form.elements[f[0]].value.trim(); if (v) p.set(f[0], v); });
      onSubmit(p);
    });
    return form;
  }
  function txRow(t, fresh) {
    var who = [t.customerEmail, t.customerName].filter(Boolean).join(' · ');
    return h('tr', { class: fresh ? 'new' : null, 'data-id': t.id },
      h('td', { text: fmtTime(t.createdAt) }), h('td', {}, txLink(t.id)), h('td', {}, badge(t.status)),
      h('td', { class: 'num', text: fmtMoney(t.money) }), h('td', { class: 'customer', text: who || '—' }),
      h('td', { text: t.provider || '—' }), h('td', { text: [t.errorCode, t.errorMessage].filter(Boolean).join(': ') || '' }));
  }
  function txTable() {
    return h('table', { id: 'tx-table' },
      h('caption', { class: 'muted', style: 'text-align:left;padding:.4rem .65rem', text: 'Transactions, newest first' }),
      h('thead', {}, h('tr', {}, ['Created', 'Id', 'Status', 'Amount', 'Customer', 'Provider', 'Error'].map(function (c, i) {
        return h('th', { scope: 'col', class: i === 3 ? 'num' : null, text: c }); }))),
      h('tbody'));
  }

  pages.transactions = function (root, rest, params) {
    if (rest.length) return transactionDetail(root, rest[0]);
    var view = params.get('view') || (params.get('status') === 'FAILED,ERROR' ? 'failed' : 'all');
    root.appendChild(h('h1', { text: 'Transactions' }));
    root.appendChild(h('div', { class: 'tabs' },
      tab('All', BASE + '/transactions', view === 'all'), tab('Live', BASE + '/transactions?view=live', view === 'live'),
      tab('Failed', BASE + '/transactions?status=FAILED,ERROR', view === 'failed')));
    var form = filterForm(params, function (p) { if (view === 'live') p.set('view', 'live'); go(BASE + '/transactions' + (p.toString() ? '?' + p : '')); });
    root.appendChild(form);
    var query = new URLSearchParams(params); query.delete('view');
    var csvHref = API + '/reports/transactions.csv' + (query.toString() ? '?' + query : '');
    var info = h('p', { class: 'muted', id: 'tx-info' });
    root.appendChild(h('div', { class: 'actions' }, h('a', { class: 'button', id: 'csv-link', href: csvHref, download: '', text: 'Download CSV (this filter)' }), info));
    var table = txTable();
    root.appendChild(h('div', { class: 'table-wrap' }, table));
    var more = h('button', { class: 'more', type: 'button', text: 'Load more', hidden: true });
    root.appendChild(more);
    var tbody = table.querySelector('tbody'), cursor = null;
    function load(reset) {
      var p = new URLSearchParams(query);
      p.set('limit', '50');
      if (!reset && cursor) p.set('after', cursor);
      return get('/transactions', p).then(function (r) {
        if (reset) clear(tbody);
        if (reset && r.match && !r.items.some(function (t) { return t.id === r.match.id; })) tbody.appendChild(txRow(r.match));
        r.items.forEach(function (t) { tbody.appendChild(txRow(t)); });
        if (!tbody.children.length) tbody.appendChild(h('tr', {}, h('td', { colspan: 7, class: 'muted', text: 'No transactions match.' })));
        cursor = r.nextCursor;
        more.hidden = !cursor;
        info.textContent = tbody.querySelectorAll('tr[data-id]').length + ' shown' + (view === 'live' ? ' · new transactions appear as they arrive' : '');
      }).catch(failed);
    }
    more.addEventListener('click', function () { load(false); });
    load(true);
    return {
      refresh: function () { return load(true); },
      onEvent: function (name, data) {
        if (name !== 'transactions') return;
        if (view === 'live' && !query.toString()) {
          data.items.slice().reverse().forEach(function (t) {
            var old = tbody.querySelector('tr[data-id="' + CSS.escape(t.id) + '"]');
            if (old) old.remove();
            tbody.insertBefore(txRow(t, true), tbody.firstChild);
          });
        } else {
          info.textContent = data.items.length + ' new or changed transaction(s) — ';
          info.appendChild(h('button', { type: 'button', class: 'link', text: 'refresh', onclick: function () { load(true); } }));
        }
      }
    };
  };
  function tab(text, href, on) { return h('a', { href: href, text: text, 'aria-current': on ? 'page' : null }); }

  function transactionDetail(root, id) {
    root.appendChild(h('p', {}, link(BASE + '/transactions', '← Transactions')));
    root.appendChild(h('h1', { text: 'Transaction ' + id }));
    var body = h('div', { id: 'tx-detail' });
    root.appendChild(body);
    function load() {
      return get('/transactions/' + encodeURIComponent(id)).then(function (t) {
        clear(body);
        body.appendChild(h('div', { class: 'grid2' },
          h('section', { class: 'panel' }, h('h2', { text: 'Summary' }), kv([
            ['Status', badge(t.status)], ['Amount', fmtMoney(t.money)], ['Customer e-mail', t.customerEmail], ['Customer name', t.customerName],
            ['Provider', t.provider], ['Provider order id', t.providerOrderId], ['Provider payment id', t.providerPaymentId],
            ['Payment method', t.paymentMethod], ['Attempts', t.attempt || '—'], ['Latency', fmtMs(t.latencyMs)],
            ['Created', fmtTime(t.createdAt)], ['Completed', fmtTime(t.completedAt)], ['Last event', fmtTime(t.lastEventAt)],
            ['Steps', t.steps.join(', ') || '—']])),
          h('section', { class: 'panel' }, h('h2', { text: 'Error' }),
            t.errorCode || t.errorMessage ? kv([['Code', t.errorCode], ['Message', t.errorMessage]]) : h('p', { class: 'muted', text: 'No error.' }),
            h('h2', { text: 'Metadata' }), h('pre', { text: JSON.stringify(t.metadata, null, 2) }))));
        body.appendChild(h('h2', { text: 'Timeline (' + t.timeline.length + ' events)' }));
        body.appendChild(h('ol', { class: 'timeline', id: 'timeline' }, t.timeline.map(function (e) {
          var what = [e.step ? 'step ' + e.step : null, e.status ? 'status ' + e.status : null].filter(Boolean).join(' · ') || 'update';
          var facts = [e.money ? fmtMoney(e.money) : null, e.provider, e.providerOrderId, e.providerPaymentId, e.paymentMethod,
            e.attempt ? 'attempt ' + e.attempt : null, e.latencyMs != null ? e.latencyMs + ' ms' : null].filter(Boolean).join(' · ');
          return h('li', {},
            h('div', {}, h('strong', { text: what }), ' ', h('span', { class: 'muted', text: fmtTime(e.occurredAt) })),
            facts ? h('div', { class: 'muted', text: facts }) : null,
            e.errorCode || e.errorMessage ? h('div', { class: 'error', text: [e.errorCode, e.errorMessage].filter(Boolean).join(': ') }) : null,
            e.metadata && Object.keys(e.metadata).length ? h('pre', { text: JSON.stringify(e.metadata) }) : null);
        })));
      }).catch(function (e) { clear(body); body.appendChild(h('p', { class: 'error', text: e.message })); });
    }
    load();
    return { refresh: load, onEvent: function (name, data) {
      if (name === 'transactions' && data.items.some(function (t) { return t.id === id; })) load(); } };
  }
  function kv(rows) {
    return h('dl', { class: 'kv' }, rows.map(function (r) {
      return [h('dt', { text: r[0] }), h('dd', {}, r[1] === null || r[1] === undefined || r[1] === '' ? '—' : r[1])];
    }));
  }

  // ------------------------------------------------------------------ health

  pages.health = function (root, rest) {
    if (rest.length) return componentPage(root, rest[0]);
    root.appendChild(h('h1', { text: 'Health' }));
    var body = h('div');
    root.appendChild(body);
    function load() {
      return get('/health').then(function (r) {
        clear(body);
        body.appendChild(h('p', { class: 'overall', id: 'overall' }, dot(r.light, r.status), ' Overall: ', h('strong', { text: r.status })));
        body.appendChild(lights(r.components));
      }).catch(failed);
    }
    load();
    return { refresh: load, onEvent: function (name) { if (name === 'health') load(); } };
  };
  function componentPage(root, name) {
    root.appendChild(h('p', {}, link(BASE + '/health', '← Health')));
    root.appendChild(h('h1', { text: name }));
    var body = h('div');
    root.appendChild(body);
    function load() {
      return get('/health/' + encodeURIComponent(name), new URLSearchParams({ hours: '24' })).then(function (c) {
        clear(body);
        var w = c.window, r = c.lastReport || {};
        body.appendChild(h('div', { class: 'cards' },
          card('Status', c.status, 'since ' + fmtTime(c.since), 'c-status', c.light),
          card('Uptime 24 h', uptimeWindow(c.uptime, 'last24h'), ['7 d ' + uptimeWindow(c.uptime, 'last7d') + ' · 30 d ' + uptimeWindow(c.uptime, 'last30d'), uptimeCovered(c.uptime)].filter(Boolean).join(' · '), 'c-uptime'),
          card('Response time (24 h)', fmtMs(w.p50Ms), 'p95 ' + fmtMs(w.p95Ms) + ' · p99 ' + fmtMs(w.p99Ms)),
          card('Samples (24 h)', fmtNum(w.samples), Object.keys(w.byStatus).map(function (k) { return w.byStatus[k] + ' ' + k; }).join(' · '))));
        if (r.message) body.appendChild(h('p', {}, 'Last message: ', h('span', { text: r.message })));
        var samples = c.samples.slice().reverse();
        var panel = h('section', { class: 'panel' }, h('h2', { text: 'Response time (ms)' }));
        body.appendChild(panel);
        chart(panel, 'Response time of ' + name, samples.map(function (s) { return secs(s.checkedAt); }),
          [{ label: 'response ms', values: samples.map(function (s) { return s.responseTimeMs; }) }], [secs(w.from), secs(w.to)]);
        body.appendChild(h('h2', { text: 'History' }));
        body.appendChild(h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Checked', 'Status', 'Response', 'Message'].map(function (x, i) { return h('th', { scope: 'col', class: i === 2 ? 'num' : null, text: x }); }))),
          h('tbody', {}, c.samples.map(function (s) {
            return h('tr', {}, h('td', { text: fmtTime(s.checkedAt) }), h('td', {}, badge(s.status)), h('td', { class: 'num', text: fmtMs(s.responseTimeMs) }), h('td', { text: s.message || '' }));
          })))));
      }).catch(failed);
    }
    load();
    return { refresh: load, onEvent: function (n, d) { if (n === 'health' && d.component === name) load(); } };
  }

  // ------------------------------------------------------------------ errors and logs

  pages.errors = function (root, rest, params) {
    root.appendChild(h('h1', { text: 'Errors & logs' }));
    var status = params.get('status') || 'NEW,REGRESSED';
    root.appendChild(h('div', { class: 'tabs' },
      tab('Open', BASE + '/errors', status === 'NEW,REGRESSED'), tab('Resolved', BASE + '/errors?status=RESOLVED', status === 'RESOLVED'),
      tab('Ignored', BASE + '/errors?status=IGNORED', status === 'IGNORED'), tab('All', BASE + '/errors?status=ALL', status === 'ALL')));
    var groups = h('div', { class: 'table-wrap' });
    root.appendChild(groups);
    function loadGroups() {
      var p = new URLSearchParams({ limit: '100' });
      if (status !== 'ALL') p.set('status', status);
      return get('/errors', p).then(function (r) {
        clear(groups);
        if (!r.items.length) { groups.appendChild(h('p', { class: 'muted', style: 'padding:.6rem', text: 'No error groups.' })); return; }
        groups.appendChild(h('table', { id: 'error-table' },
          h('thead', {}, h('tr', {}, ['Error', 'Count', 'Last seen', 'Status', 'Actions'].map(function (x, i) { return h('th', { scope: 'col', class: i === 1 ? 'num' : null, text: x }); }))),
          h('tbody', {}, r.items.map(errorRow))));
      }).catch(failed);
    }
    function errorRow(g) {
      var detail = h('div', { hidden: true });
      var toggle = h('button', { type: 'button', class: 'link', 'aria-expanded': 'false', text: g.type + ': ' + g.messageTemplate });
      toggle.addEventListener('click', function () {
        var open = detail.hidden;
        detail.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open && !detail.firstChild) {
          get('/errors/' + encodeURIComponent(g.fingerprint)).then(function (d) {
            detail.appendChild(kv([['Component', d.component], ['First seen', fmtTime(d.firstSeen)], ['Last message', d.lastMessage],
              ['Last transaction', d.lastTransactionId ? txLink(d.lastTransactionId) : null]]));
            detail.appendChild(h('pre', { text: d.lastStackTrace || 'No stack trace.' }));
          }).catch(failed);
        }
      });
      function act(verb) {
        return h('button', { type: 'button', text: verb === 'resolve' ? 'Resolve' : 'Ignore', onclick: function () {
          post('/errors/' + encodeURIComponent(g.fingerprint) + '/' + verb).then(function () { toast('Error group ' + verb + 'd'); loadGroups(); }).catch(failed);
        } });
      }
      return h('tr', {}, h('td', {}, toggle, detail), h('td', { class: 'num', text: fmtNum(g.count) }), h('td', { text: fmtTime(g.lastSeen) }),
        h('td', {}, badge(g.status)), h('td', {}, h('div', { class: 'actions' }, g.status !== 'RESOLVED' ? act('resolve') : null, g.status !== 'IGNORED' ? act('ignore') : null)));
    }
    root.appendChild(h('h2', { text: 'Quarantined records' }));
    var quarantined = h('div', { class: 'table-wrap' });
    root.appendChild(quarantined);
    function loadQuarantine() {
      return get('/quarantine').then(function (r) {
        clear(quarantined);
        if (!r.items.length) { quarantined.appendChild(h('p', { class: 'muted', style: 'padding:.6rem', text: 'No record was refused by the store.' })); return; }
        quarantined.appendChild(h('p', { class: 'muted', style: 'padding:.6rem', text: fmtNum(r.total) + ' refused by the store and set aside'
          + (r.evicted ? ', the oldest ' + fmtNum(r.evicted) + ' no longer listed' : '') + '; the rest of their batches was written.' }));
        quarantined.appendChild(h('table', { id: 'quarantine-table' },
          h('thead', {}, h('tr', {}, ['Time', 'Kind', 'Id', 'Reason'].map(function (x) { return h('th', { scope: 'col', text: x }); }))),
          h('tbody', {}, r.items.map(function (q) {
            return h('tr', {}, h('td', { text: fmtTime(q.quarantinedAt) }), h('td', { text: q.kind }), h('td', { text: q.id }), h('td', { text: q.reason }));
          }))));
      }).catch(failed);
    }
    root.appendChild(h('h2', { text: 'Logs' }));
    var lf = h('form', { class: 'filters', role: 'search' },
      h('div', {}, h('label', { for: 'l-level', text: 'Minimum level' }), h('select', { id: 'l-level', name: 'level' }, ['', 'ERROR', 'WARN', 'INFO', 'DEBUG'].map(function (l) { return h('option', { value: l, text: l || 'Any' }); }))),
      h('div', {}, h('label', { for: 'l-q', text: 'Text' }), h('input', { id: 'l-q', name: 'q', type: 'search' })),
      h('div', {}, h('label', { for: 'l-component', text: 'Component' }), h('input', { id: 'l-component', name: 'component' })),
      h('div', {}, h('label', { for: 'l-tx', text: 'Transaction id' }), h('input', { id: 'l-tx', name: 'transactionId' })),
      h('div', {}, h('button', { type: 'submit', class: 'primary', text: 'Search logs' })));
    root.appendChild(lf);
    var logTable = h('tbody');
    root.appendChild(h('div', { class: 'table-wrap' }, h('table', { id: 'log-table' },
      h('thead', {}, h('tr', {}, ['Time', 'Level', 'Component', 'Message', 'Transaction'].map(function (x) { return h('th', { scope: 'col', text: x }); }))), logTable)));
    var more = h('button', { type: 'button', class: 'more', text: 'Load more', hidden: true });
    root.appendChild(more);
    var cursor = null;
    function loadLogs(reset) {
      var p = new URLSearchParams({ limit: '50' });
      ['level', 'q', 'component', 'transactionId'].forEach(function (k) { var v = lf.elements[k].value.trim(); if (v) p.set(k, v); });
      if (!reset && cursor) p.set('after', cursor);
      return get('/logs', p).then(function (r) {
        if (reset) clear(logTable);
        r.items.forEach(function (l) {
          logTable.appendChild(h('tr', {}, h('td', { text: fmtTime(l.occurredAt) }), h('td', {}, badge(l.level)), h('td', { text: l.component || '' }),
            h('td', { text: l.message }), h('td', {}, l.transactionId ? txLink(l.transactionId) : '')));
        });
        if (!logTable.children.length) logTable.appendChild(h('tr', {}, h('td', { colspan: 5, class: 'muted', text: 'No log entries match.' })));
        cursor = r.nextCursor; more.hidden = !cursor;
      }).catch(failed);
    }
    lf.addEventListener('submit', function (e) { e.preventDefault(); loadLogs(true); });
    more.addEventListener('click', function () { loadLogs(false); });
    loadGroups(); loadQuarantine(); loadLogs(true);
    return { refresh: function () { loadGroups(); loadQuarantine(); loadLogs(true); } };
  };

  // ------------------------------------------------------------------ alerts

  function alertTable(items, withActions, reload) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'alerts' },
      h('thead', {}, h('tr', {}, ['Severity', 'Alert', 'Component', 'Status', 'Seen', 'Last seen', withActions ? 'Actions' : null].filter(Boolean).map(function (x, i) {
        return h('th', { scope: 'col', class: i === 4 ? 'num' : null, text: x }); }))),
      h('tbody', {}, items.map(function (a) { return alertRow(a, withActions, reload); }))));
  }
  function alertRow(a, withActions, reload) {
    var who = a.status === 'ACKNOWLEDGED' ? 'acknowledged by ' + a.acknowledgedBy : a.status === 'RESOLVED' ? 'resolved by ' + (a.resolvedBy || '—') : '';
    var details = h('div', { hidden: true });
    var title = h('button', { type: 'button', class: 'link', 'aria-expanded': 'false', text: a.title });
    title.addEventListener('click', function () {
      var open = details.hidden;
      details.hidden = !open; title.setAttribute('aria-expanded', String(open));
      if (open) {
        get('/alerts/' + encodeURIComponent(a.id)).then(function (d) {
          clear(details);
          if (d.message) details.appendChild(h('p', { text: d.message }));
          details.appendChild(kv([['First seen', fmtTime(d.firstSeen)], ['Dedup key', d.dedupKey], ['Source', d.source],
            ['Labels', Object.keys(d.labels).map(function (k) { return k + '=' + d.labels[k]; }).join(', ')], ['Suppressed by', d.suppressedBy]]));
          details.appendChild(h('h3', { text: 'Deliveries' }));
          details.appendChild(d.deliveries.length ? h('table', { class: 'deliveries' },
            h('thead', {}, h('tr', {}, ['Channel', 'Kind', 'State', 'Attempts', 'Last error'].map(function (x) { return h('th', { scope: 'col', text: x }); }))),
            h('tbody', {}, d.deliveries.map(function (x) {
              return h('tr', {}, h('td', { text: x.channel }), h('td', { text: x.kind }), h('td', {}, badge(x.state)), h('td', { class: 'num', text: x.attempts }), h('td', { text: x.lastError || '' }));
            }))) : h('p', { class: 'muted', text: 'No deliveries.' }));
        }).catch(failed);
      }
    });
    function act(verb, label) {
      return h('button', { type: 'button', text: label, 'data-action': verb, onclick: function (e) {
        e.target.disabled = true;
        post('/alerts/' + encodeURIComponent(a.id) + '/' + verb).then(function () { toast(label + 'd: ' + a.title); reload(); })
          .catch(function (err) { e.target.disabled = false; failed(err); });
      } });
    }
    var actions = withActions ? h('td', {}, h('div', { class: 'actions' },
      a.status === 'OPEN' ? act('acknowledge', 'Acknowledge') : null,
      a.status !== 'RESOLVED' ? act('resolve', 'Resolve') : null,
      a.status !== 'RESOLVED' ? h('button', { type: 'button', text: 'Silence', 'data-action': 'silence', onclick: function () { silenceDialog(a, reload); } }) : null)) : null;
    return h('tr', { 'data-alert': a.id, 'data-status': a.status },
      h('td', {}, badge(a.severity)), h('td', {}, title, alertSummary(a), details), h('td', { text: a.component || '—' }),
      h('td', {}, badge(a.status), who ? h('div', { class: 'muted', text: who }) : null),
      h('td', { class: 'num', text: a.occurrences + '×' }), h('td', { text: fmtTime(a.lastSeen) }), actions);
  }
  /** The first line of the message and the error fingerprint, so that alerts with one title differ at a glance. */
  function alertSummary(a) {
    var line = (a.message || '').split('\n')[0];
    if (line.length > 140) line = line.slice(0, 139) + '…';
    var fp = a.labels && a.labels.fingerprint ? 'fingerprint ' + a.labels.fingerprint.slice(0, 12) : '';
    var text = [line, fp].filter(Boolean).join(' · ');
    return text ? h('div', { class: 'muted summary', title: a.message || '', text: text }) : null;
  }
  function silenceDialog(a, reload) {
    var dlg = h('dialog', { 'aria-labelledby': 'sil-title' });
    var form = h('form', { method: 'dialog' },
      h('h2', { id: 'sil-title', text: 'Silence “' + a.title + '”' }),
      h('p', { class: 'muted', text: 'Alerts with this title' + (a.component ? ' and component ' + a.component : '') + ' will not notify anyone.' }),
      h('div', {}, h('label', { for: 'sil-min', text: 'Duration' }), h('select', { id: 'sil-min', name: 'minutes' },
        [['30', '30 minutes'], ['60', '1 hour'], ['240', '4 hours'], ['1440', '1 day'], ['10080', '1 week']].map(function (o) { return h('option', { value: o[0], text: o[1] }); }))),
      h('div', {}, h('label', { for: 'sil-reason', text: 'Reason' }), h('input', { id: 'sil-reason', name: 'reason', maxlength: 500, required: true })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', value: 'ok', text: 'Silence' }), h('button', { type: 'submit', value: 'cancel', formnovalidate: true, text: 'Cancel' })));
    dlg.appendChild(form);
    document.body.appendChild(dlg);
    dlg.addEventListener('close', function () {
      if (dlg.returnValue === 'ok') {
        post('/silences', { alertId: a.id, minutes: Number(form.elements.minutes.value), reason: form.elements.reason.value })
          .then(function () { toast('Silenced: ' + a.title); reload(); }).catch(failed);
      }
      dlg.remove();
    });
    dlg.showModal();
  }

  pages.alerts = function (root, rest, params) {
    var state = params.get('state') || 'active';
    root.appendChild(h('h1', { text: 'Alerts' }));
    root.appendChild(h('div', { class: 'tabs' }, tab('Open', BASE + '/alerts', state === 'active'), tab('History', BASE + '/alerts?state=all', state === 'all'),
      tab('Resolved', BASE + '/alerts?state=resolved', state === 'resolved')));
    var list = h('div', { id: 'alert-list' });
    root.appendChild(list);
    var more = h('button', { type: 'button', class: 'more', text: 'Load more', hidden: true });
    root.appendChild(more);
    var cursor = null, items = [];
    function load(reset) {
      var p = new URLSearchParams({ state: state, limit: '50' });
      if (!reset && cursor) p.set('after', cursor);
      return get('/alerts', p).then(function (r) {
        items = reset ? r.items : items.concat(r.items);
        cursor = r.nextCursor; more.hidden = !cursor;
        clear(list);
        list.appendChild(items.length ? alertTable(items, true, function () { load(true); loadChannels(); }) : h('p', { class: 'muted', text: state === 'active' ? 'No open alerts.' : 'No alerts.' }));
      }).catch(failed);
    }
    more.addEventListener('click', function () { load(false); });
    root.appendChild(h('h2', { id: 'channels', text: 'Channels' }));
    var channels = h('div', { class: 'table-wrap' });
    root.appendChild(channels);
    root.appendChild(h('h2', { text: 'Silences' }));
    var silences = h('div', { id: 'silence-list' });
    root.appendChild(silences);
    function loadChannels() {
      get('/channels').then(function (r) {
        clear(channels);
        channels.appendChild(h('table', { id: 'channel-table' },
          h('thead', {}, h('tr', {}, ['Channel', 'Test', 'Result'].map(function (x) { return h('th', { scope: 'col', text: x }); }))),
          h('tbody', {}, r.items.map(function (c) {
            var result = h('td', { class: 'test-result' });
            return h('tr', { 'data-channel': c.name }, h('td', { text: c.name }), h('td', {}, h('button', { type: 'button', text: 'Send test', onclick: function (e) {
              e.target.disabled = true; result.textContent = 'sending…';
              post('/channels/' + encodeURIComponent(c.name) + '/test').then(function (x) {
                clear(result); result.appendChild(badge(x.result)); if (x.reason) result.appendChild(h('span', { class: 'muted', text: ' ' + x.reason }));
              }).catch(function (err) { result.textContent = err.message; }).then(function () { e.target.disabled = false; });
            } })), result);
          }))));
        var counts = Object.keys(r.deliveryCounts).map(function (k) { return r.deliveryCounts[k] + ' ' + k.toLowerCase(); }).join(' · ');
        channels.appendChild(h('p', { class: 'muted', style: 'padding:0 .65rem', text: 'Deliveries: ' + (counts || 'none') }));
      }).catch(failed);
      get('/silences').then(function (r) {
        clear(silences);
        if (!r.items.length) { silences.appendChild(h('p', { class: 'muted', text: 'No active silences.' })); return; }
        silences.appendChild(h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Matches', 'Until', 'By', 'Reason', ''].map(function (x) { return h('th', { scope: 'col', text: x }); }))),
          h('tbody', {}, r.items.map(function (s) {
            return h('tr', {}, h('td', { text: Object.keys(s.matchers).map(function (k) { return k + '=' + s.matchers[k]; }).join(', ') }),
              h('td', { text: fmtTime(s.endsAt) }), h('td', { text: s.createdBy }), h('td', { text: s.reason || '' }),
              h('td', {}, h('button', { type: 'button', text: 'End', onclick: function () {
                post('/silences/' + encodeURIComponent(s.id) + '/delete').then(loadChannels).catch(failed); } })));
          })))));
      }).catch(failed);
    }
    load(true); loadChannels();
    if (location.hash === '#channels') setTimeout(function () { document.getElementById('channels').scrollIntoView(); }, 300);
    return { refresh: function () { load(true); loadChannels(); }, onEvent: function (name) { if (name === 'alert') debounce(function () { load(true); }); } };
  };

  // ------------------------------------------------------------------ API keys

  pages.keys = function (root) {
    root.appendChild(h('h1', { text: 'API keys' }));
    if (!session.apiKeys) {
      root.appendChild(h('p', { class: 'muted', text: 'The ingest API is off (vedette.ingest.enabled=false).' }));
      return;
    }
    root.appendChild(h('p', { class: 'muted', text: 'Keys of the ingest API. Vedette keeps only a hash of each key: a new key is shown once, here.' }));
    var form = h('form', { id: 'key-form', class: 'filters' },
      h('label', {}, 'Name ', h('input', { name: 'name', required: true, maxlength: '128', autocomplete: 'off' })),
      h('label', {}, 'Scope ', h('select', { name: 'scope' }, h('option', { value: 'ingest', text: 'ingest' }), h('option', { value: 'admin', text: 'admin' }))),
      h('button', { type: 'submit', text: 'Create key' }));
    var created = h('div', { id: 'key-created', role: 'status' });
    var list = h('div', { id: 'key-list', class: 'table-wrap' });
    root.appendChild(form); root.appendChild(created); root.appendChild(list);
    function load() {
      get('/keys').then(function (r) {
        clear(list);
        if (!r.items.length) { list.appendChild(h('p', { class: 'muted', text: 'No keys yet.' })); return; }
        list.appendChild(h('table', { id: 'key-table' },
          h('thead', {}, h('tr', {}, ['Key', 'Name', 'Scope', 'From', 'Created', 'Revoked', ''].map(function (x) { return h('th', { scope: 'col', text: x }); }))),
          h('tbody', {}, r.items.map(function (k) {
            var action = k.source === 'store' && !k.revokedAt
              ? h('button', { type: 'button', text: 'Revoke', onclick: function (e) {
                if (!confirm('Revoke ' + k.prefix + ' (' + k.name + ')? Clients using it are refused from now on.')) return;
                e.target.disabled = true;
                post('/keys/' + encodeURIComponent(k.id) + '/revoke').then(function () { toast('Revoked ' + k.prefix); load(); }).catch(failed);
              } })
              : h('span', { class: 'muted', text: k.source === 'properties' ? 'in the configuration' : '' });
            return h('tr', { 'data-key': k.id }, h('td', {}, h('code', { text: k.prefix })), h('td', { text: k.name }), h('td', { text: k.scope }),
              h('td', { text: k.source }), h('td', { text: fmtTime(k.createdAt) + ' by ' + k.createdBy }),
              h('td', {}, k.revokedAt ? badge('REVOKED') : ''), h('td', {}, action));
          }))));
      }).catch(failed);
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      post('/keys', { name: form.elements.name.value, scope: form.elements.scope.value }).then(function (k) {
        clear(created);
        created.appendChild(h('p', {}, 'New key for ' + k.name + ' (' + k.scope + '), shown only now: ', h('code', { id: 'new-key', text: k.key })));
        form.reset(); load();
      }).catch(failed);
    });
    load();
    return { refresh: load };
  };

  // ------------------------------------------------------------------ analytics

  pages.analytics = function (root, rest, params) {
    var days = params.get('days') || '7';
    root.appendChild(h('h1', { text: 'Analytics' }));
    root.appendChild(h('div', { class: 'tabs' }, ['1', '7', '30', '90'].map(function (d) {
      return tab(d === '1' ? '24 hours' : d + ' days', BASE + '/analytics?days=' + d, d === days); })));
    var body = h('div');
    root.appendChild(body);
    function load() {
      return get('/analytics', new URLSearchParams({ days: days })).then(function (a) {
        clear(body);
        var c = a.current, ch = a.change;
        var revCards = c.revenue.length ? c.revenue.map(function (r) {
          var x = ch.revenue[r.currency] || {};
          return h('div', { class: 'card' }, h('div', { class: 'label', text: 'Revenue (' + r.currency + ')' }), h('div', { class: 'value', text: fmtMoney(r) }),
            h('div', { class: 'sub' }, 'vs previous: ', fmtChange(x.percent))); }) : [card('Revenue', '0', 'no paid transactions')];
        body.appendChild(h('div', { class: 'cards' }, revCards,
          h('div', { class: 'card' }, h('div', { class: 'label', text: 'Transactions' }), h('div', { class: 'value', text: fmtNum(c.transactions) }), h('div', { class: 'sub' }, 'vs previous: ', fmtChange(ch.transactions.percent))),
          h('div', { class: 'card' }, h('div', { class: 'label', text: 'Success rate' }), h('div', { class: 'value', text: fmtPct(c.successRate) }),
            h('div', { class: 'sub', text: ch.successRatePoints == null ? 'no comparison' : (ch.successRatePoints >= 0 ? '+' : '') + ch.successRatePoints.toFixed(1) + ' points' })),
          h('div', { class: 'card' }, h('div', { class: 'label', text: 'Failed' }), h('div', { class: 'value', text: fmtNum(c.failed) }), h('div', { class: 'sub' }, 'vs previous: ', fmtChange(ch.failed.percent)))));
        var grid = h('div', { class: 'grid2' });
        body.appendChild(grid);
        var curs = currencies(a.series.concat(a.previousSeries));
        var xs = a.series.map(function (p) { return secs(p.start); });
        var prev = a.previousSeries;
        var p1 = h('section', { class: 'panel' }, h('h2', { text: 'Revenue — current vs previous period' }));
        var p2 = h('section', { class: 'panel' }, h('h2', { text: 'Volume' }));
        grid.appendChild(p1); grid.appendChild(p2);
        var picker = h('select', { id: 'a-currency', 'aria-label': 'Currency' }, curs.map(function (x) { return h('option', { value: x, text: x }); }));
        if (curs.length > 1) p1.appendChild(h('div', { class: 'picker' }, h('label', { for: 'a-currency', text: 'Currency' }), picker));
        var revBox = h('div');
        p1.appendChild(revBox);
        function drawRevenue() {
          var cur = picker.value;
          clear(revBox);
          chart(revBox, 'Revenue trend' + (cur ? ' (' + cur + ')' : ''), cur ? xs : [], [
            { label: 'current (' + cur + ')', values: a.series.map(function (p) { return revenueIn(p, cur); }) },
            { label: 'previous (' + cur + ')', color: '--chart-3', dash: [6, 4], values: xs.map(function (x, i) { return prev[i] ? revenueIn(prev[i], cur) : null; }) }]);
        }
        picker.addEventListener('change', drawRevenue);
        drawRevenue();
        chart(p2, 'Transaction volume', xs, [{ label: 'transactions', values: a.series.map(function (p) { return p.transactions; }) },
          { label: 'failed', values: a.series.map(function (p) { return p.failed; }) }]);
        body.appendChild(h('h2', { text: 'Providers' }));
        body.appendChild(segmentTable(a.providers));
        body.appendChild(h('h2', { text: 'Payment methods' }));
        body.appendChild(segmentTable(a.paymentMethods));
        body.appendChild(h('h2', { text: 'Top failure reasons' }));
        body.appendChild(a.topFailureReasons.length ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Code', 'Count', 'Share', 'Example'].map(function (x) { return h('th', { scope: 'col', text: x }); }))),
          h('tbody', {}, a.topFailureReasons.map(function (f) {
            return h('tr', {}, h('td', { text: f.errorCode }), h('td', { class: 'num', text: fmtNum(f.count) }), h('td', { class: 'num', text: fmtPct(f.share) }), h('td', { text: f.sampleMessage || '' }));
          })))) : h('p', { class: 'muted', text: 'No failures.' }));
        body.appendChild(h('h2', { text: 'Funnel' }));
        var first = a.funnel.steps.length ? a.funnel.steps[0].count : 0;
        body.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'funnel' },
          h('thead', {}, h('tr', {}, ['Step', '', 'Count', 'Conversion'].map(function (x) { return h('th', { scope: 'col', text: x }); }))),
          h('tbody', {}, a.funnel.steps.map(function (s) {
            var bar = h('div', { class: 'bar' });
            bar.style.width = (first ? Math.round(100 * s.count / first) : 0) + '%';
            return h('tr', {}, h('td', { text: s.name }), h('td', {}, bar), h('td', { class: 'num', text: fmtNum(s.count) }), h('td', { class: 'num', text: fmtPct(s.conversion) }));
          })))));
        if (a.estimated.length) body.appendChild(h('p', { class: 'muted', id: 'a-estimated', text: 'Estimated, not exact: ' + a.estimated.join(', ') + '.' }));
      }).catch(failed);
    }
    load();
    return { refresh: load };
  };
  function segmentTable(list) {
    if (!list.length) return h('p', { class: 'muted', text: 'No data.' });
    return h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'Transactions', 'Success', 'Revenue', 'p50', 'p95', 'p99'].map(function (x, i) { return h('th', { scope: 'col', class: i ? 'num' : null, text: x }); }))),
      h('tbody', {}, list.map(function (s) {
        return h('tr', {}, h('td', { text: s.name }), h('td', { class: 'num', text: fmtNum(s.transactions) }), h('td', { class: 'num', text: fmtPct(s.successRate) }),
          h('td', { class: 'num', text: fmtAmounts(s.revenue) }), h('td', { class: 'num', text: fmtMs(s.p50Ms) }), h('td', { class: 'num', text: fmtMs(s.p95Ms) }), h('td', { class: 'num', text: fmtMs(s.p99Ms) }));
      }))));
  }

  // ------------------------------------------------------------------ reports

  pages.reports = function (root, rest, params) {
    root.appendChild(h('h1', { text: 'Reports' }));
    root.appendChild(h('h2', { text: 'Transactions (CSV)' }));
    root.appendChild(h('p', { class: 'muted', text: 'Every transaction matching the filter, streamed as RFC 4180 CSV. Cells that a spreadsheet would run as a formula are neutralised.' }));
    var linkEl = h('a', { class: 'button primary', id: 'report-csv', download: '', text: 'Download transactions CSV' });
    function setLink(p) { linkEl.setAttribute('href', API + '/reports/transactions.csv' + (p.toString() ? '?' + p : '')); }
    root.appendChild(filterForm(params, function (p) { setLink(p); history.replaceState(null, '', BASE + '/reports' + (p.toString() ? '?' + p : '')); toast('Link updated for this filter'); }, 'Use filter'));
    setLink(params);
    root.appendChild(linkEl);
    root.appendChild(h('h2', { text: 'Daily figures (CSV)' }));
    root.appendChild(h('p', { class: 'muted', text: 'Transactions, paid, failed, refunds and revenue per day and currency, from rollups.' }));
    var df = h('form', { class: 'filters' },
      h('div', {}, h('label', { for: 'd-from', text: 'From' }), h('input', { id: 'd-from', name: 'from', type: 'date', value: businessDate(29) })),
      h('div', {}, h('label', { for: 'd-to', text: 'To' }), h('input', { id: 'd-to', name: 'to', type: 'date', value: businessDate(0) })),
      h('div', {}, h('button', { type: 'submit', class: 'primary', text: 'Download daily CSV' })));
    df.addEventListener('submit', function (e) {
      e.preventDefault();
      var p = new URLSearchParams({ from: df.elements.from.value, to: df.elements.to.value });
      var a = h('a', { href: API + '/reports/daily.csv?' + p, download: '' });
      document.body.appendChild(a); a.click(); a.remove();
    });
    root.appendChild(df);
    root.appendChild(h('h2', { text: 'Past reports' }));
    root.appendChild(h('p', { class: 'muted', text: 'Daily and weekly reports as rendered, with the delivery to each channel. Failed sends are retried with backoff.' }));
    var reportRows = h('tbody');
    root.appendChild(h('div', { class: 'table-wrap' }, h('table', { id: 'report-table' },
      h('thead', {}, h('tr', {}, ['Created', 'Kind', 'Period', 'Subject', 'Deliveries'].map(function (x) { return h('th', { scope: 'col', text: x }); }))), reportRows)));
    var moreReports = h('button', { type: 'button', class: 'more', text: 'Load more', hidden: true });
    root.appendChild(moreReports);
    var reportCursor = null;
    function reportRow(r) {
      var body = h('pre', { class: 'report-text', hidden: true });
      var subject = h('button', { type: 'button', class: 'link', 'aria-expanded': 'false', text: r.subject });
      subject.addEventListener('click', function () {
        var open = body.hidden;
        body.hidden = !open; subject.setAttribute('aria-expanded', String(open));
        if (open && !body.textContent) get('/reports/' + encodeURIComponent(r.id)).then(function (d) { body.textContent = d.text; }).catch(failed);
      });
      var deliveries = r.deliveries.length ? r.deliveries.map(function (x) {
        return h('div', {}, x.channel + ' ', badge(x.state), ' ' + x.attempts + (x.attempts === 1 ? ' attempt' : ' attempts'),
          x.lastError ? h('div', { class: 'muted', text: x.lastError }) : null);
      }) : h('span', { class: 'muted', text: 'no channel' });
      return h('tr', {}, h('td', { text: fmtTime(r.createdAt) }), h('td', { text: r.kind }), h('td', { text: r.period }),
        h('td', {}, subject, body), h('td', {}, deliveries));
    }
    function loadReports(reset) {
      var p = new URLSearchParams({ limit: '20' });
      if (!reset && reportCursor) p.set('after', reportCursor);
      return get('/reports', p).then(function (r) {
        if (reset) clear(reportRows);
        r.items.forEach(function (x) { reportRows.appendChild(reportRow(x)); });
        if (!reportRows.children.length) reportRows.appendChild(h('tr', {}, h('td', { colspan: 5, class: 'muted', text: 'No report has been sent yet.' })));
        reportCursor = r.nextCursor; moreReports.hidden = !reportCursor;
      }).catch(failed);
    }
    moreReports.addEventListener('click', function () { loadReports(false); });
    loadReports(true);
    return { refresh: function () { loadReports(true); }, onEvent: function (name) { if (name === 'delivery') loadReports(true); } };
  };

  // ------------------------------------------------------------------ live updates

  var pollTimer = null, source = null, failures = 0;
  function setLive(mode) {
    liveMode = mode;
    var el = document.getElementById('live');
    el.textContent = mode === 'live' ? 'live' : mode === 'polling' ? 'polling every 10 s' : 'connecting';
    el.className = 'live' + (mode === 'live' ? ' on' : '');
  }
  function startPolling() {
    setLive('polling');
    if (pollTimer) return;
    pollTimer = setInterval(function () { if (current && current.refresh) current.refresh(); }, 10000);
  }
  function connect() {
    if (!window.EventSource) { startPolling(); return; }
    source = new EventSource(API + '/events');
    source.addEventListener('hello', function () {
      failures = 0; setLive('live');
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
    });
    ['alert', 'health', 'delivery', 'transactions'].forEach(function (name) {
      source.addEventListener(name, function (e) {
        var data; try { data = JSON.parse(e.data); } catch (x) { return; }
        if (name === 'alert' && data.kind === 'raised') toast('New ' + data.alert.severity + ' alert: ' + data.alert.title);
        if (current && current.onEvent) current.onEvent(name, data);
      });
    });
    source.onerror = function () {
      failures++;
      if (source.readyState === EventSource.CLOSED || failures > 3) {
        source.close();
        startPolling();
        setTimeout(connect, Math.min(60000, 5000 * failures));
      } else {
        setLive('connecting');
      }
    };
  }

  // ------------------------------------------------------------------ start

  document.querySelector('.menu-toggle').addEventListener('click', function (e) {
    var nav = document.getElementById('nav');
    var open = nav.classList.toggle('open');
    e.target.setAttribute('aria-expanded', String(open));
  });
  get('/session').then(function (s) {
    session = s;
    document.getElementById('user').textContent = s.user;
    if (s.logout) document.getElementById('logout').hidden = false;
    if (s.apiKeys) document.getElementById('nav-keys').hidden = false;
    route();
    connect();
  }).catch(function (e) { clear(main()).appendChild(h('p', { class: 'error', text: 'Cannot load the dashboard: ' + e.message })); });
})();
