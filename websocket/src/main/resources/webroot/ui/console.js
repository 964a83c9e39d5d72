'use strict';
// The operator's console: streams, a stream's traffic charts and shard map, produce, data viewer and
// consumers. Every change and every read of records goes through Kinesis.call (the API's own answers
// and errors); the charts poll GET /v1/streams/{name}/metrics, the engine's meters as JSON.

const $ = (id) => document.getElementById(id);
const HASH_SPACE = 1n << 128n;
const CHART_POINTS = 60;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

const state = { stream: null, summary: null, shards: [], selected: null, iterator: null, records: [],
  lastMetrics: null, series: {}, metricsTimer: null };

function showError(error) {
  const box = $('error');
  box.textContent = error instanceof Kinesis.ApiError ? error.type + ': ' + error.message : String(error.message || error);
  box.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

async function act(action) {
  clearError();
  try {
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  }
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  return td;
}

function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

// ---- streams -------------------------------------------------------------------------------

async function loadStreams() {
  const names = [];
  let page = await Kinesis.call('ListStreams', {});
  names.push(...page.StreamNames);
  while (page.HasMoreStreams && page.NextToken) {
    page = await Kinesis.call('ListStreams', { NextToken: page.NextToken });
    names.push(...page.StreamNames);
  }
  const summaries = await Promise.all(names.map((name) =>
    Kinesis.call('DescribeStreamSummary', { StreamName: name }).then((r) => r.StreamDescriptionSummary).catch(() => null)));
  const body = $('c-streams').tBodies[0];
  body.replaceChildren();
  for (const s of summaries.filter(Boolean)) {
    const row = body.insertRow();
    row.dataset.stream = s.StreamName;
    cell(row, s.StreamName);
    cell(row, s.StreamStatus);
    cell(row, s.StreamModeDetails ? s.StreamModeDetails.StreamMode : 'PROVISIONED');
    cell(row, String(s.OpenShardCount), 'number');
    cell(row, s.RetentionPeriodHours + ' h', 'number');
    cell(row, s.EncryptionType || 'NONE');
    cell(row, String(s.ConsumerCount || 0), 'number');
    const actions = row.insertCell();
    actions.append(button('Open', 'open-button', () => openStream(s.StreamName)));
    actions.append(button('Delete', 'delete-button', (event) => askDelete(event.target, s.StreamName)));
  }
  $('c-streams-note').textContent = summaries.length + (summaries.length === 1 ? ' stream' : ' streams');
}

function askDelete(deleteButton, name) {
  const confirm = button('Confirm delete of ' + name, 'confirm-delete-button', () => act(async () => {
    await Kinesis.call('DeleteStream', { StreamName: name, EnforceConsumerDeletion: true });
    if (state.stream === name) {
      closeStream();
    }
    await loadStreams();
  }));
  const cancel = button('Cancel', 'cancel-button', () => loadStreams());
  deleteButton.replaceWith(confirm, cancel);
}

$('create-mode').addEventListener('change', () => {
  $('create-shards-field').hidden = $('create-mode').value === 'ON_DEMAND';
});

$('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  act(async () => {
    const request = { StreamName: $('create-name').value, StreamModeDetails: { StreamMode: $('create-mode').value } };
    if ($('create-mode').value === 'PROVISIONED' && $('create-shards').value !== '') {
      request.ShardCount = Number($('create-shards').value);
    }
    await Kinesis.call('CreateStream', request);
    await loadStreams();
  });
});

// ---- one stream ----------------------------------------------------------------------------

function closeStream() {
  state.stream = null;
  $('detail').hidden = true;
  clearInterval(state.metricsTimer);
}

async function openStream(name) {
  clearError();
  state.stream = name;
  state.series = {};
  state.lastMetrics = null;
  state.selected = null;
  state.iterator = null;
  state.records = [];
  $('d-name').textContent = name;
  $('d-tail').href = 'index.html';
  $('detail').hidden = false;
  $('view-records').tBodies[0].replaceChildren();
  $('view-next').disabled = true;
  await act(refreshStream);
  clearInterval(state.metricsTimer);
  state.metricsTimer = setInterval(pollMetrics, 1000);
  pollMetrics();
}

async function refreshStream() {
  const name = state.stream;
  const summary = (await Kinesis.call('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;
  state.summary = summary;
  const mode = summary.StreamModeDetails ? summary.StreamModeDetails.StreamMode : 'PROVISIONED';
  $('d-summary').textContent = summary.StreamStatus + ' · ' + mode + ' · ' + summary.OpenShardCount + ' open shards · '
    + summary.RetentionPeriodHours + ' h retention · encryption ' + (summary.EncryptionType || 'NONE');
  $('d-retention').value = summary.RetentionPeriodHours;
  $('d-mode').value = mode;
  $('d-shard-count').value = summary.OpenShardCount;
  const shards = [];
  let page = await Kinesis.call('ListShards', { StreamName: name });
  shards.push(...page.Shards);
  while (page.NextToken) {
    page = await Kinesis.call('ListShards', { NextToken: page.NextToken });
    shards.push(...page.Shards);
  }
  state.shards = shards;
  drawShardMap();
  const select = $('view-shard');
  const chosen = select.value;
  select.replaceChildren(...shards.map((s) => {
    const option = document.createElement('option');
    option.value = s.ShardId;
    option.textContent = s.ShardId + (s.SequenceNumberRange.EndingSequenceNumber ? ' (closed)' : '');
    return option;
  }));
  if (shards.some((s) => s.ShardId === chosen)) {
    select.value = chosen;
  }
  await loadConsumers();
}

$('d-retention-set').addEventListener('click', () => act(async () => {
  const hours = Number($('d-retention').value);
  const operation = hours >= state.summary.RetentionPeriodHours ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod';
  await Kinesis.call(operation, { StreamName: state.stream, RetentionPeriodHours: hours });
  await refreshStream();
  await loadStreams();
}));

$('d-mode-set').addEventListener('click', () => act(async () => {
  await Kinesis.call('UpdateStreamMode', { StreamARN: state.summary.StreamARN, StreamModeDetails: { StreamMode: $('d-mode').value } });
  await refreshStream();
  await loadStreams();
}));

$('d-shard-count-set').addEventListener('click', () => act(async () => {
  await Kinesis.call('UpdateShardCount', { StreamName: state.stream, TargetShardCount: Number($('d-shard-count').value),
    ScalingType: 'UNIFORM_SCALING' });
  await refreshStream();
  await loadStreams();
}));

// ---- charts --------------------------------------------------------------------------------

function push(key, value) {
  const series = state.series[key] || (state.series[key] = []);
  series.push(value);
  if (series.length > CHART_POINTS) {
    series.shift();
  }
}

async function pollMetrics() {
  const name = state.stream;
  if (!name) {
    return;
  }
  let metrics;
  try {
    const response = await fetch('/v1/streams/' + encodeURIComponent(name) + '/metrics', { cache: 'no-store' });
    if (!response.ok) {
      return;
    }
    metrics = await response.json();
  } catch (unreachable) {
    return;
  }
  if (name !== state.stream) {
    return;
  }
  const last = state.lastMetrics;
  state.lastMetrics = metrics;
  $('m-incoming-total').textContent = String(metrics.incomingRecords);
  $('m-subscriptions').textContent = String(metrics.activeSubscriptions);
  for (const consumer of metrics.consumers) {
    const row = document.querySelector('#consumers tr[data-consumer="' + CSS.escape(consumer.consumerName) + '"] td.subscriptions');
    if (row) {
      row.textContent = consumer.subscriptions.length === 0 ? 'none'
        : consumer.subscriptions.map((s) => s.shardId + ' since ' + new Date(s.startedMillis).toISOString()).join(', ');
    }
  }
  if (!last) {
    return;
  }
  const seconds = Math.max(0.001, (metrics.nowMillis - last.nowMillis) / 1000);
  const rate = (now, before) => Math.max(0, (now - (before || 0)) / seconds);
  push('records|stream', rate(metrics.incomingRecords, last.incomingRecords));
  push('bytes|stream', rate(metrics.incomingBytes, last.incomingBytes));
  push('outgoing|GetRecords', rate(metrics.getRecordsBytes, last.getRecordsBytes));
  push('throttled|writes', rate(metrics.writeThrottledRecords, last.writeThrottledRecords));
  push('throttled|reads', rate(metrics.readThrottledCalls, last.readThrottledCalls));
  push('lag|iterator age', metrics.maxIteratorAgeMillis);
  const before = new Map(last.shards.map((s) => [s.shardId, s]));
  for (const shard of metrics.shards) {
    const previous = before.get(shard.shardId) || {};
    push('records|' + shard.shardId, rate(shard.incomingRecords, previous.incomingRecords));
    push('bytes|' + shard.shardId, rate(shard.incomingBytes, previous.incomingBytes));
  }
  const consumersBefore = new Map(last.consumers.map((c) => [c.consumerName, c]));
  for (const consumer of metrics.consumers) {
    const previous = consumersBefore.get(consumer.consumerName) || {};
    push('outgoing|' + consumer.consumerName, rate(consumer.pushedBytes, previous.pushedBytes));
    push('lag|' + consumer.consumerName, consumer.maxMillisBehindLatest);
  }
  for (const chart of ['records', 'bytes', 'outgoing', 'throttled', 'lag']) {
    drawChart($('chart-' + chart), chart);
  }
}

function svg(tag, attributes, text) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, value);
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function drawChart(target, chart) {
  const width = 400;
  const left = 40;
  const bottom = 130;
  const entries = Object.entries(state.series).filter(([key]) => key.startsWith(chart + '|'));
  let max = 1;
  for (const [, values] of entries) {
    max = Math.max(max, ...values);
  }
  const nodes = [svg('line', { x1: left, y1: bottom, x2: width, y2: bottom, class: 'axis' }),
    svg('text', { x: 2, y: 12, class: 'tick' }, formatNumber(max)),
    svg('text', { x: 2, y: bottom, class: 'tick' }, '0')];
  entries.forEach(([key, values], index) => {
    const name = key.slice(chart.length + 1);
    const color = COLORS[index % COLORS.length];
    const points = values.map((v, i) => {
      const x = left + (width - left) * (i + CHART_POINTS - values.length) / (CHART_POINTS - 1);
      const y = bottom - (bottom - 10) * v / max;
      return x.toFixed(1) + ',' + y.toFixed(1);
    }).join(' ');
    nodes.push(svg('polyline', { points, fill: 'none', stroke: color, 'stroke-width': name === 'stream' ? 2.5 : 1.2,
      'data-series': name, 'data-last': String(values[values.length - 1]) }));
    nodes.push(svg('text', { x: 4 + (index % 3) * 132, y: bottom + 14 + Math.floor(index / 3) * 12, fill: color, class: 'legend' },
      name.replace(/^shardId-0*(\d)/, 'shard #$1')));
  });
  const legendRows = Math.max(1, Math.ceil(entries.length / 3));
  target.setAttribute('viewBox', '0 0 ' + width + ' ' + (bottom + 6 + legendRows * 12));
  target.replaceChildren(...nodes);
}

function formatNumber(n) {
  if (n >= 1e6) {
    return (n / 1e6).toFixed(1) + 'M';
  }
  if (n >= 1e3) {
    return (n / 1e3).toFixed(1) + 'k';
  }
  return n >= 10 ? n.toFixed(0) : n.toFixed(1);
}

// ---- shard map -----------------------------------------------------------------------------

function drawShardMap() {
  const shards = state.shards;
  const byId = new Map(shards.map((s) => [s.ShardId, s]));
  const depth = new Map();
  const depthOf = (shard) => {
    if (depth.has(shard.ShardId)) {
      return depth.get(shard.ShardId);
    }
    const parents = [shard.ParentShardId, shard.AdjacentParentShardId].map((id) => byId.get(id)).filter(Boolean);
    const d = parents.length ? 1 + Math.max(...parents.map(depthOf)) : 0;
    depth.set(shard.ShardId, d);
    return d;
  };
  shards.forEach(depthOf);
  const rows = 1 + Math.max(0, ...depth.values());
  const width = 800;
  const rowHeight = 46;
  const map = $('shard-map');
  map.setAttribute('viewBox', '0 0 ' + width + ' ' + (rows * rowHeight + 20));
  const x = (key) => Number((BigInt(key) * 100000n) / HASH_SPACE) / 100000 * width;
  const box = new Map();
  const nodes = [];
  for (const shard of shards) {
    const x1 = x(shard.HashKeyRange.StartingHashKey);
    const x2 = x(BigInt(shard.HashKeyRange.EndingHashKey) + 1n);
    const y = 10 + depth.get(shard.ShardId) * rowHeight;
    box.set(shard.ShardId, { x1, x2, y });
  }
  for (const shard of shards) {
    const child = box.get(shard.ShardId);
    for (const parentId of [shard.ParentShardId, shard.AdjacentParentShardId]) {
      const parent = box.get(parentId);
      if (parent) {
        nodes.push(svg('line', { x1: (parent.x1 + parent.x2) / 2, y1: parent.y + 28, x2: (child.x1 + child.x2) / 2, y2: child.y,
          class: 'lineage', 'data-parent': parentId, 'data-child': shard.ShardId }));
      }
    }
  }
  for (const shard of shards) {
    const b = box.get(shard.ShardId);
    const open = !shard.SequenceNumberRange.EndingSequenceNumber;
    const group = svg('g', { class: 'shard ' + (open ? 'open' : 'closed') + (state.selected === shard.ShardId ? ' selected' : ''),
      'data-shard-id': shard.ShardId });
    group.append(svg('rect', { x: b.x1 + 1, y: b.y, width: Math.max(2, b.x2 - b.x1 - 2), height: 28, rx: 3 }));
    group.append(svg('text', { x: b.x1 + 5, y: b.y + 18 }, '#' + Number(shard.ShardId.replace('shardId-', ''))
      + (open ? '' : ' (closed)')));
    const title = svg('title', {}, shard.ShardId + '\n' + shard.HashKeyRange.StartingHashKey + ' … ' + shard.HashKeyRange.EndingHashKey);
    group.append(title);
    if (open) {
      group.addEventListener('click', () => selectShard(shard.ShardId));
    }
    nodes.push(group);
  }
  map.replaceChildren(...nodes);
  const selectedOpen = shards.some((s) => s.ShardId === state.selected && !s.SequenceNumberRange.EndingSequenceNumber);
  if (!selectedOpen) {
    state.selected = null;
  }
  $('map-selected').textContent = state.selected || 'none';
  $('split').disabled = !state.selected;
  $('merge').disabled = !state.selected || !nextOpenShard(state.selected);
}

function openShards() {
  return state.shards.filter((s) => !s.SequenceNumberRange.EndingSequenceNumber)
    .sort((a, b) => (BigInt(a.HashKeyRange.StartingHashKey) < BigInt(b.HashKeyRange.StartingHashKey) ? -1 : 1));
}

function nextOpenShard(id) {
  const open = openShards();
  const index = open.findIndex((s) => s.ShardId === id);
  return index >= 0 && index + 1 < open.length ? open[index + 1] : null;
}

function selectShard(id) {
  state.selected = id;
  drawShardMap();
}

$('split').addEventListener('click', () => act(async () => {
  const shard = state.shards.find((s) => s.ShardId === state.selected);
  let key = $('split-key').value.trim();
  if (key === '') {
    const start = BigInt(shard.HashKeyRange.StartingHashKey);
    const end = BigInt(shard.HashKeyRange.EndingHashKey);
    key = ((start + end + 1n) / 2n).toString();
  }
  await Kinesis.call('SplitShard', { StreamName: state.stream, ShardToSplit: shard.ShardId, NewStartingHashKey: key });
  state.selected = null;
  await refreshStream();
  await loadStreams();
}));

$('merge').addEventListener('click', () => act(async () => {
  const next = nextOpenShard(state.selected);
  await Kinesis.call('MergeShards', { StreamName: state.stream, ShardToMerge: state.selected, AdjacentShardToMerge: next.ShardId });
  state.selected = null;
  await refreshStream();
  await loadStreams();
}));

// ---- produce -------------------------------------------------------------------------------

function textToBase64(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

$('put-form').addEventListener('submit', (event) => {
  event.preventDefault();
  act(async () => {
    const data = $('put-encoding').value === 'base64' ? $('put-data').value.trim() : textToBase64($('put-data').value);
    const request = { StreamName: state.stream, PartitionKey: $('put-key').value, Data: data };
    if ($('put-hash').value.trim() !== '') {
      request.ExplicitHashKey = $('put-hash').value.trim();
    }
    $('put-result').textContent = '';
    const answer = await Kinesis.call('PutRecord', request);
    $('put-result').textContent = 'landed on ' + answer.ShardId + ' at ' + answer.SequenceNumber;
    $('put-result').dataset.shardId = answer.ShardId;
    $('put-result').dataset.sequenceNumber = answer.SequenceNumber;
  });
});

// ---- data viewer ---------------------------------------------------------------------------

function base64ToBytes(data) {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function render(data, format) {
  const bytes = base64ToBytes(data);
  if (format === 'hex') {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (format === 'json') {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (notJson) {
      return text + '  (not JSON)';
    }
  }
  return text;
}

function drawRecords() {
  const body = $('view-records').tBodies[0];
  const format = $('view-format').value;
  const search = $('view-search').value.toLowerCase();
  body.replaceChildren();
  let shown = 0;
  state.records.forEach((record, index) => {
    const shownData = render(record.Data, format);
    const haystack = (record.PartitionKey + ' ' + record.SequenceNumber + ' ' + shownData).toLowerCase();
    if (search && !haystack.includes(search)) {
      return;
    }
    shown++;
    const row = body.insertRow();
    cell(row, String(index + 1), 'number');
    cell(row, record.SequenceNumber, 'mono');
    cell(row, record.PartitionKey);
    cell(row, new Date(record.ApproximateArrivalTimestamp * 1000).toISOString());
    const data = cell(row, shownData, 'data');
    if (format === 'json') {
      data.classList.add('pre');
    }
  });
  $('view-note').textContent = shown + ' of ' + state.records.length + ' records in this page'
    + (state.iterator ? '' : ' · end of the shard (closed)');
}

async function readPage() {
  const answer = await Kinesis.call('GetRecords', { ShardIterator: state.iterator, Limit: Number($('view-limit').value) });
  state.records = answer.Records;
  state.iterator = answer.NextShardIterator || null;
  $('view-next').disabled = !state.iterator;
  drawRecords();
}

$('view-form').addEventListener('submit', (event) => {
  event.preventDefault();
  act(async () => {
    const type = $('view-type').value;
    const request = { StreamName: state.stream, ShardId: $('view-shard').value, ShardIteratorType: type };
    if (type.endsWith('SEQUENCE_NUMBER')) {
      request.StartingSequenceNumber = $('view-seq').value.trim();
    }
    if (type === 'AT_TIMESTAMP') {
      request.Timestamp = new Date($('view-ts').value).getTime() / 1000;
    }
    state.iterator = (await Kinesis.call('GetShardIterator', request)).ShardIterator;
    await readPage();
  });
});

$('view-next').addEventListener('click', () => act(readPage));
$('view-format').addEventListener('change', drawRecords);
$('view-search').addEventListener('input', drawRecords);

// ---- consumers -----------------------------------------------------------------------------

async function loadConsumers() {
  const consumers = [];
  let page = await Kinesis.call('ListStreamConsumers', { StreamARN: state.summary.StreamARN });
  consumers.push(...page.Consumers);
  while (page.NextToken) {
    page = await Kinesis.call('ListStreamConsumers', { StreamARN: state.summary.StreamARN, NextToken: page.NextToken });
    consumers.push(...page.Consumers);
  }
  const body = $('consumers').tBodies[0];
  body.replaceChildren();
  for (const consumer of consumers) {
    const row = body.insertRow();
    row.dataset.consumer = consumer.ConsumerName;
    cell(row, consumer.ConsumerName);
    cell(row, consumer.ConsumerStatus);
    cell(row, '', 'subscriptions');
    cell(row, consumer.ConsumerARN, 'mono');
    cell(row, new Date(consumer.ConsumerCreationTimestamp * 1000).toISOString());
    row.insertCell().append(button('Deregister', 'deregister-button', () => act(async () => {
      await Kinesis.call('DeregisterStreamConsumer', { ConsumerARN: consumer.ConsumerARN });
      await loadConsumers();
      await loadStreams();
    })));
  }
}

$('consumer-form').addEventListener('submit', (event) => {
  event.preventDefault();
  act(async () => {
    await Kinesis.call('RegisterStreamConsumer', { StreamARN: state.summary.StreamARN, ConsumerName: $('consumer-name').value });
    await loadConsumers();
    await loadStreams();
  });
});

act(loadStreams);
