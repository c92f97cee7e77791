// The svc-connect console: a few pages drawn from /console/api/ (see docs/console.md).
(function () {
  'use strict';

  const view = document.getElementById('view');
  const crumbs = document.getElementById('crumbs');
  const live = document.getElementById('live');
  const SVG = 'http://www.w3.org/2000/svg';
  let stream = null;
  let refresh = null;
  // How often a service page fetches its tasks and their log tails again.
  const TASKS_REFRESH_MS = 2000;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const c of children.flat(Infinity)) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  // A legend's colour square. Set through the style property, not a style attribute, which the
  // Content-Security-Policy (style-src 'self') refuses as an inline style.
  function swatch(color) {
    const node = el('i');
    node.style.background = color;
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  const enc = encodeURIComponent;

  async function api(path) {
    const response = await fetch('/console/api/' + path, { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || response.statusText);
    return body;
  }

  function fmt(value, digits) {
    if (value === null || value === undefined) return '–';
    if (Math.abs(value) >= 1e6) return (value / 1e6).toFixed(1) + 'M';
    if (Math.abs(value) >= 1e4) return (value / 1e3).toFixed(1) + 'k';
    return Number(value).toFixed(digits === undefined ? 1 : digits);
  }

  // AWS JSON timestamps are epoch seconds.
  function when(value) {
    if (value === null || value === undefined || value === '') return '–';
    const seconds = Number(value);
    return Number.isFinite(seconds) ? new Date(seconds * 1000).toLocaleString() : String(value);
  }

  function setCrumbs(...parts) {
    crumbs.replaceChildren(...parts.map(([label, href]) => href ? el('a', { href }, label) : el('span', {}, label)));
  }

  function table(headers, rows) {
    return el('table', {},
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { class: h.num ? 'num' : null }, h.label || h)))),
      el('tbody', {}, rows.length ? rows.map(r => el('tr', {}, r.map((c, i) =>
        el('td', { class: headers[i].num ? 'num' : null }, c))))
        : el('tr', {}, el('td', { colspan: headers.length, class: 'muted' }, 'None.'))));
  }

  // ---- pages

  async function namespacesPage() {
    setCrumbs(['Namespaces']);
    const { namespaces } = await api('namespaces');
    view.replaceChildren(el('h1', {}, 'Namespaces'), table(
      ['Namespace', { label: 'Services', num: true }, { label: 'Discovery names', num: true }, 'Mutual TLS', 'Topology'],
      namespaces.map(n => [el('a', { href: '#/namespaces/' + enc(n.name), class: 'namespace' }, n.name),
        n.services, n.discoveryNames,
        el('span', { class: 'pill', title: n.mutualTls ? 'every hop between proxies is mutual TLS 1.3'
          : 'opted out: tag svc-connect:mutual-tls=disabled' }, n.mutualTls ? 'on' : 'off (opted out)'),
        el('a', { href: '#/namespaces/' + enc(n.name) + '/topology' }, 'view')])));
  }

  async function namespacePage(ns) {
    setCrumbs(['Namespaces', '#/'], [ns]);
    const { services } = await api('namespaces/' + enc(ns) + '/services');
    view.replaceChildren(
      el('h1', {}, 'Namespace ', ns),
      el('p', {}, el('a', { href: '#/namespaces/' + enc(ns) + '/topology' }, 'Topology from live traffic →')),
      el('table', { id: 'services' },
        el('thead', {}, el('tr', {}, ['Service', 'Cluster', 'Discovery names', 'Client aliases', 'Launch type']
          .map(h => el('th', {}, h)), ['Tasks running/desired', 'Endpoints healthy/unhealthy', 'Requests/s in']
          .map(h => el('th', { class: 'num' }, h)))),
        el('tbody', {}, services.length ? services.map(s => el('tr', { 'data-service': s.service, 'data-cluster': s.cluster },
          el('td', {}, el('a', { href: '#/services/' + enc(s.cluster) + '/' + enc(s.service) }, s.service)),
          el('td', {}, s.cluster),
          el('td', {}, s.discoveryNames.map(d => el('span', { class: 'pill' }, d))),
          el('td', {}, s.clientAliases.map(a => el('span', { class: 'pill' }, a))),
          el('td', {}, s.launchType),
          el('td', { class: 'num' }, s.runningCount + '/' + s.desiredCount),
          el('td', { class: 'num' }, el('span', { class: 'ok' }, s.healthyEndpoints), '/',
            el('span', { class: s.unhealthyEndpoints ? 'bad' : '' }, s.unhealthyEndpoints)),
          el('td', { class: 'num' }, fmt(s.inboundRequestsPerSecond, 2))))
          : el('tr', {}, el('td', { colspan: 8, class: 'muted' }, 'No services in this namespace.')))));
  }

  async function servicePage(cluster, name) {
    setCrumbs(['Namespaces', '#/'], [cluster + ' / ' + name]);
    const s = await api('clusters/' + enc(cluster) + '/services/' + enc(name));
    if (s.namespace) setCrumbs(['Namespaces', '#/'], [s.namespace, '#/namespaces/' + enc(s.namespace)], [name]);
    const stats = el('div', { class: 'stats' });
    const charts = el('div', { class: 'charts' });
    const tasks = el('div', { id: 'tasks' });
    const logs = el('div', { id: 'logs' });
    const drawTasks = service => {
      tasks.replaceChildren(tasksTable(service.tasks));
      drawLogs(logs, service.tasks);
    };
    drawTasks(s);
    view.replaceChildren(
      el('h1', {}, name, el('span', { class: 'muted' }, ' in ', cluster)),
      el('div', { class: 'stats' },
        stat('Status', s.status), stat('Launch type', s.launchType),
        stat('Tasks running/desired', s.runningCount + '/' + s.desiredCount),
        stat('Endpoints healthy/unhealthy', (s.healthyEndpoints ?? '–') + '/' + (s.unhealthyEndpoints ?? '–'))),
      el('h2', {}, 'Traffic (last 5 minutes, 5 s resolution)'), stats, charts,
      el('h2', {}, 'Access policy'),
      table(['Discovery name', 'Allowed callers'], (s.accessPolicies || []).map(p =>
        [p.discoveryName, p.allows + (p['default'] ? ' (the default)' : '')])),
      el('h2', {}, 'Recent denials (last 5 minutes)'),
      (s.recentDenials || []).length
        ? table(['Reported', 'Discovery name', 'Caller', { label: 'Refused', num: true }], s.recentDenials.map(d =>
          [when(d.atMillis / 1000), d.discoveryName, d.caller, d.count]))
        : el('p', { class: 'muted' }, 'No call was refused.'),
      el('h2', {}, 'Tasks'), tasks,
      el('h2', {}, 'Logs (last 100 lines of each container and proxy)'), logs,
      el('h2', {}, 'Deployments'),
      table(['Deployment', 'Status', 'Task definition', { label: 'Running/desired', num: true }, 'Rollout', 'Created'],
        s.deployments.map(d => [d.id, d.status, (d.taskDefinition || '').replace(/^.*task-definition\//, ''),
          (d.runningCount ?? 0) + '/' + (d.desiredCount ?? 0), d.rolloutState || '–', when(d.createdAt)])));
    const draw = traffic => drawTraffic(traffic, stats, charts);
    draw(await api('clusters/' + enc(cluster) + '/services/' + enc(name) + '/traffic'));
    stream = new EventSource('/console/api/clusters/' + enc(cluster) + '/services/' + enc(name) + '/events');
    stream.addEventListener('traffic', e => { live.hidden = false; draw(JSON.parse(e.data)); });
    stream.onerror = () => { live.hidden = true; };
    // The next refresh is scheduled once the previous one has answered, so slow answers never pile
    // up; a page left (refresh no longer this timer) neither draws nor schedules again.
    const poll = () => {
      const timer = setTimeout(() => api('clusters/' + enc(cluster) + '/services/' + enc(name))
        .then(service => { if (refresh === timer) drawTasks(service); }, () => {})
        .finally(() => { if (refresh === timer) poll(); }), TASKS_REFRESH_MS);
      refresh = timer;
    };
    poll();
  }

  function tasksTable(tasks) {
    return table(['Task', 'Status', 'Health', 'Host', 'Address', 'Started'], tasks.map(t =>
      [t.taskId, t.lastStatus + (t.desiredStatus !== t.lastStatus ? ' → ' + t.desiredStatus : ''),
        el('span', { class: t.healthStatus === 'HEALTHY' ? 'ok' : t.healthStatus === 'UNHEALTHY' ? 'bad' : '' }, t.healthStatus),
        t.host || '–', t.address || '–', when(t.startedAt)]));
  }

  // One section per task, one collapsible <pre> per container and for the proxy, newest line at the
  // bottom; updated in place, so what a reader opened, closed or scrolled stays so.
  function drawLogs(box, tasks) {
    const sections = new Map([...box.querySelectorAll('section[data-task]')].map(n => [n.dataset.task, n]));
    const wanted = [];
    for (const t of tasks) {
      let section = sections.get(t.taskId);
      if (!section) section = el('section', { class: 'task-logs', 'data-task': t.taskId }, el('h3', {}));
      section.firstChild.replaceChildren('Task ', t.taskId, el('span', { class: 'muted' }, ' · ', t.lastStatus));
      const streams = Object.entries(t.logs.containers).map(([name, lines]) => ['container:' + name, name, lines]);
      streams.push(['proxy', 'proxy (sidecar)', t.logs.proxy]);
      for (const [key, label, lines] of streams) {
        let details = [...section.querySelectorAll('details')].find(d => d.dataset.stream === key);
        if (!details) {
          details = el('details', { open: '', 'data-stream': key }, el('summary', {}), el('pre', { class: 'logs' }));
          section.insertBefore(details, [...section.querySelectorAll('details')].find(d => d.dataset.stream === 'proxy') || null);
        }
        details.firstChild.textContent = label + ' · '
          + (lines.length ? lines.length + (lines.length === 1 ? ' line' : ' lines') : 'no lines yet');
        const pre = details.lastChild;
        const text = lines.join('\n');
        if (pre.textContent !== text) {
          const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
          pre.textContent = text;
          if (atBottom) pre.scrollTop = pre.scrollHeight;
        }
      }
      wanted.push(section);
    }
    box.replaceChildren(...(wanted.length ? wanted : [el('p', { class: 'muted' }, 'No tasks.')]));
  }

  function stat(label, value, id) {
    return el('div', { class: 'stat' }, el('b', { id: id || null }, value), el('span', {}, label));
  }

  function lastMinute(points, field) {
    const recent = points.slice(-12);
    return recent.reduce((sum, p) => sum + p[field], 0) / (recent.length * 5);
  }

  function drawTraffic(t, stats, charts) {
    const inRate = lastMinute(t.inbound, 'requests');
    const outRate = lastMinute(t.outbound, 'requests');
    const errors = t.outbound.slice(-12).reduce((s, p) => s + p.http5xx, 0);
    const answered = t.outbound.slice(-12).reduce((s, p) => s + p.http2xx + p.http3xx + p.http4xx + p.http5xx, 0);
    const rateStat = stat('Inbound requests/s (last minute)', fmt(inRate, 2), 'inbound-rate');
    rateStat.firstChild.dataset.value = String(inRate);
    stats.replaceChildren(rateStat, stat('Outbound requests/s (last minute)', fmt(outRate, 2), 'outbound-rate'),
      stat('Outbound 5xx share (last minute)', answered ? fmt(100 * errors / answered, 1) + '%' : '–'),
      stat('Active connections in', t.inbound.length ? t.inbound[t.inbound.length - 1].activeConnections : 0));
    const times = t.inbound.map(p => p.at);
    charts.replaceChildren(
      chart('Requests per second', times, [
        ['inbound', '#0b63c5', t.inbound.map(p => p.requestsPerSecond)],
        ['outbound', '#8a3ffc', t.outbound.map(p => p.requestsPerSecond)],
        ['inbound gRPC', '#00838f', t.inbound.map(p => p.grpcRequests / 5)]]),
      chart('Bytes per second', times, [
        ['inbound', '#0b63c5', t.inbound.map(p => p.bytesPerSecond)],
        ['outbound', '#8a3ffc', t.outbound.map(p => p.bytesPerSecond)]]),
      chart('Outbound responses per 5 s by class', times, [
        ['2xx', '#1e7f3b', t.outbound.map(p => p.http2xx)], ['3xx', '#5f6b7a', t.outbound.map(p => p.http3xx)],
        ['4xx', '#b25e00', t.outbound.map(p => p.http4xx)], ['5xx', '#c0262d', t.outbound.map(p => p.http5xx)]]),
      chart('Outbound response time (ms)', times, [
        ['average', '#0b63c5', t.outbound.map(p => p.avgResponseTimeMillis)],
        ['p99 (bucket bound)', '#c0262d', t.outbound.map(p => p.p99ResponseTimeMillis)]]),
      chart('Active connections in, new connections per 5 s', times, [
        ['active', '#0b63c5', t.inbound.map(p => p.activeConnections)],
        ['new', '#1e7f3b', t.inbound.map(p => p.newConnections)]]));
  }

  // A line chart: one polyline per series over the same times; nulls are gaps.
  function chart(title, times, series) {
    const w = 400, h = 150, left = 44, bottom = 18, top = 8;
    const values = series.flatMap(s => s[2]).filter(v => v !== null && v !== undefined);
    const max = Math.max(1e-9, ...values) * 1.1;
    const x = i => left + (w - left - 4) * (times.length > 1 ? i / (times.length - 1) : 0);
    const y = v => top + (h - top - bottom) * (1 - v / max);
    const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': title });
    for (const f of [0, 0.5, 1]) {
      root.append(svg('line', { class: 'axis', x1: left, x2: w, y1: y(max / 1.1 * f), y2: y(max / 1.1 * f) }),
        svg('text', { x: left - 4, y: y(max / 1.1 * f) + 3, 'text-anchor': 'end' }, fmt(max / 1.1 * f, max < 10 ? 1 : 0)));
    }
    if (times.length) {
      const clock = ms => new Date(ms).toTimeString().slice(0, 5);
      root.append(svg('text', { x: left, y: h - 4 }, clock(times[0])),
        svg('text', { x: w - 4, y: h - 4, 'text-anchor': 'end' }, clock(times[times.length - 1])));
    }
    for (const [name, color, data] of series) {
      let d = '';
      data.forEach((v, i) => {
        if (v === null || v === undefined) return;
        d += (d && data[i - 1] !== null && data[i - 1] !== undefined ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
      });
      if (d) root.append(svg('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.8, 'data-series': name }));
      data.forEach((v, i) => {
        const lone = (i === 0 || data[i - 1] === null || data[i - 1] === undefined)
          && (i === data.length - 1 || data[i + 1] === null || data[i + 1] === undefined);
        if (v !== null && v !== undefined && lone) root.append(svg('circle', { cx: x(i), cy: y(v), r: 2.5, fill: color }));
      });
    }
    return el('div', { class: 'chart' }, el('h3', {}, title), root,
      el('div', { class: 'legend' }, series.map(([name, color]) => [swatch(color), name])));
  }

  async function topologyPage(ns) {
    setCrumbs(['Namespaces', '#/'], [ns, '#/namespaces/' + enc(ns)], ['Topology']);
    const t = await api('namespaces/' + enc(ns) + '/topology');
    view.replaceChildren(el('h1', {}, 'Topology of ', ns),
      el('p', { class: 'muted' }, 'Calls measured from live traffic over the last ' + t.windowSeconds
        + ' s: source service → target discovery name, with requests per second and the share answered 5xx;'
        + ' calls refused by an access policy dashed red.'),
      el('div', { class: 'topology' }, graph(t)));
  }

  // Services in columns by call depth; edges from a service to the services that serve the target name.
  function graph(t) {
    const nodes = new Map(t.nodes.map(n => [n.id, { id: n.id, label: n.service, sub: n.cluster + ' · ' + n.discoveryNames.join(', ') }]));
    const links = [];
    for (const e of t.edges) {
      let targets = e.targetNodes;
      if (!targets.length) {
        const id = 'name:' + e.target;
        if (!nodes.has(id)) nodes.set(id, { id, label: e.target, sub: 'no service serves it', name: true });
        targets = [id];
      }
      for (const target of targets) links.push({ edge: e, from: e.source, to: target });
    }
    // Refused calls: from the caller's nodes (or a node of its own) to the target's, dashed red.
    for (const e of t.deniedEdges || []) {
      let sources = e.sourceNodes;
      if (!sources.length) {
        const id = 'caller:' + e.caller;
        if (!nodes.has(id)) nodes.set(id, { id, label: e.caller.replace(/^spiffe:\/\/[^/]*\/ns\//, ''), sub: 'refused caller', name: true });
        sources = [id];
      }
      const targets = e.targetNodes.length ? e.targetNodes : ['name:' + e.target];
      if (!nodes.has(targets[0])) nodes.set(targets[0], { id: targets[0], label: e.target, sub: 'no service serves it', name: true });
      for (const from of sources) for (const to of targets) links.push({ edge: e, from, to, denied: true });
    }
    for (const l of links) {
      if (!nodes.has(l.from)) nodes.set(l.from, { id: l.from, label: l.from, sub: '' });
    }
    const depth = new Map([...nodes.keys()].map(id => [id, 0]));
    for (let round = 0; round < nodes.size; round++) {
      for (const l of links) {
        if (l.from !== l.to && depth.get(l.to) < depth.get(l.from) + 1) depth.set(l.to, Math.min(nodes.size, depth.get(l.from) + 1));
      }
    }
    const columns = [];
    for (const [id, d] of depth) (columns[d] = columns[d] || []).push(id);
    const colW = 400, rowH = 100, boxW = 180, boxH = 46;
    const rows = Math.max(1, ...columns.filter(Boolean).map(c => c.length));
    const width = Math.max(600, columns.length * colW + 40), height = rows * rowH + 40;
    const at = new Map();
    columns.forEach((ids, c) => (ids || []).sort().forEach((id, r) => at.set(id, { x: 30 + c * colW, y: 30 + r * rowH })));
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, id: 'topology', role: 'img', 'aria-label': 'service topology' });
    root.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
      svg('path', { d: 'M0 0L10 5L0 10z', fill: '#7d8ea3' }))));
    const labelled = new Set();
    for (const l of links) {
      const a = at.get(l.from), b = at.get(l.to);
      const first = !labelled.has(l.edge);
      labelled.add(l.edge);
      const x1 = a.x + boxW, y1 = a.y + boxH / 2, x2 = b.x, y2 = b.y + boxH / 2;
      const mid = (x1 + x2) / 2;
      const errorShare = l.edge.errorShare;
      if (l.denied) {
        root.append(svg('g', { class: 'edge denied', 'data-source': l.from, 'data-target': l.edge.target },
          svg('path', { d: `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`, 'marker-end': 'url(#arrow)' }),
          first ? svg('text', { x: x1 + 10, y: y1 + 14 }, '⊘ ' + l.edge.target + ': ' + l.edge.denied + ' refused by its access policy') : ''));
        continue;
      }
      root.append(svg('g', { class: 'edge' + (errorShare > 0.01 ? ' errors' : ''), 'data-source': l.from, 'data-target': l.edge.target },
        svg('path', { d: `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`, 'marker-end': 'url(#arrow)' }),
        first ? svg('text', { x: x1 + 10, y: y1 - 8 },
          '→ ' + l.edge.target + ': ' + (l.edge.requests ? fmt(l.edge.requestsPerSecond, 2) + ' req/s, '
            + fmt(100 * errorShare, 1) + '% 5xx' : fmt(l.edge.bytesPerSecond, 0) + ' B/s (TCP)')) : ''));
    }
    for (const [id, n] of nodes) {
      const p = at.get(id);
      root.append(svg('g', { class: 'node' + (n.name ? ' name' : ''), 'data-node': id, transform: `translate(${p.x},${p.y})` },
        svg('rect', { width: boxW, height: boxH }),
        svg('text', { x: 10, y: 19 }, n.label), svg('text', { x: 10, y: 36, class: 'sub' }, n.sub.slice(0, 30))));
    }
    return root;
  }

  // ---- routing

  async function route() {
    if (stream) { stream.close(); stream = null; }
    if (refresh) { clearTimeout(refresh); refresh = null; }
    live.hidden = true;
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    try {
      if (parts[0] === 'namespaces' && parts.length === 3 && parts[2] === 'topology') await topologyPage(parts[1]);
      else if (parts[0] === 'namespaces' && parts.length === 2) await namespacePage(parts[1]);
      else if (parts[0] === 'services' && parts.length === 3) await servicePage(parts[1], parts[2]);
      else await namespacesPage();
    } catch (e) {
      view.replaceChildren(el('p', { class: 'error' }, e.message));
    }
  }

  window.addEventListener('hashchange', route);
  route();
})();
