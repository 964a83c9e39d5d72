// Tributary's page: lists the streams (GET /v1/streams) and shows a live tail of one
// (WebSocket /v1/streams/{name}/tail). Plain browser JavaScript, no build step.
'use strict';

(function () {
  /** Rows kept in the view; older ones drop off, so a long session stays small. */
  const MAX_ROWS = 500;
  const STREAMS_REFRESH_MS = 5000;
  const DATA_PREVIEW_CHARS = 300;

  const $ = (id) => document.getElementById(id);
  const streamsBody = document.querySelector('#streams tbody');
  const recordsBody = document.querySelector('#records tbody');

  let socket = null;
  let currentStream = null;
  let paused = false;
  let held = [];
  let received = 0;
  let receivedAtLastTick = 0;
  let liveText = 'live';

  $('max-rows').textContent = MAX_ROWS;

  // ---- the stream list -------------------------------------------------------------------

  async function refreshStreams() {
    try {
      const response = await fetch('/v1/streams', { cache: 'no-store' });
      const body = await response.json();
      renderStreams(body.streams);
      $('streams-note').textContent = body.streams.length === 0
        ? 'no streams yet: create one with the AWS CLI or SDK'
        : body.streams.length + (body.streams.length === 1 ? ' stream' : ' streams');
    } catch (failure) {
      $('streams-note').textContent = 'cannot reach the server: ' + failure.message;
    }
  }

  function renderStreams(streams) {
    streamsBody.replaceChildren(...streams.map((stream) => {
      const row = document.createElement('tr');
      row.dataset.stream = stream.name;
      row.classList.toggle('selected', stream.name === currentStream);
      row.append(
        cell(stream.name, 'name'),
        badgeCell(stream.status),
        cell(stream.mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'),
        cell(String(stream.openShardCount), 'number'),
        cell(stream.retentionHours + ' h', 'number'));
      const action = document.createElement('td');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'tail-button secondary';
      button.textContent = 'Tail';
      button.addEventListener('click', () => chooseStream(stream.name));
      action.append(button);
      row.append(action);
      return row;
    }));
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function badgeCell(status) {
    const td = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = 'badge ' + status;
    badge.textContent = status;
    td.append(badge);
    return td;
  }

  async function chooseStream(name) {
    currentStream = name;
    $('tail').hidden = false;
    $('tail-stream').textContent = name;
    for (const row of streamsBody.rows) {
      row.classList.toggle('selected', row.dataset.stream === name);
    }
    const shardSelect = $('shard');
    shardSelect.replaceChildren(new Option('all shards', ''));
    try {
      const response = await fetch('/v1/streams/' + encodeURIComponent(name), { cache: 'no-store' });
      if (response.ok) {
        const stream = await response.json();
        for (const shard of stream.shards) {
          shardSelect.append(new Option(shard.shardId + (shard.open ? '' : ' (closed)'), shard.shardId));
        }
      }
    } catch (ignored) {
      // the tail itself reports what is wrong
    }
    startTail();
  }

  // ---- the live tail ---------------------------------------------------------------------

  function tailUrl() {
    const params = new URLSearchParams();
    const from = $('from').value;
    params.set('from', from);
    if ($('shard').value) {
      params.set('shardId', $('shard').value);
    }
    if (from === 'AT_TIMESTAMP') {
      params.set('timestamp', String(new Date($('timestamp').value).getTime()));
    }
    if (from === 'AT_SEQUENCE_NUMBER' || from === 'AFTER_SEQUENCE_NUMBER') {
      params.set('sequenceNumber', $('sequence').value.trim());
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return scheme + '//' + location.host + '/v1/streams/' + encodeURIComponent(currentStream) + '/tail?' + params;
  }

  function startTail() {
    stopTail();
    recordsBody.replaceChildren();
    held = [];
    paused = false;
    received = 0;
    receivedAtLastTick = 0;
    updateCounts();
    setStatus('connecting', 'connecting…');
    const opened = new WebSocket(tailUrl());
    socket = opened;
    opened.onmessage = (event) => {
      if (socket === opened) {
        onMessage(JSON.parse(event.data));
      }
    };
    opened.onclose = (event) => {
      if (socket === opened) {
        socket = null;
        $('pause').disabled = true;
        if ($('status').dataset.state !== 'closed') {
          setStatus('closed', 'closed (' + event.code + ')' + (event.reason ? ': ' + event.reason : ''));
        }
      }
    };
  }

  function stopTail() {
    if (socket) {
      const closing = socket;
      socket = null;
      closing.close(1000, 'the page started another tail');
    }
  }

  function onMessage(message) {
    switch (message.type) {
      case 'ready':
        $('pause').disabled = false;
        $('pause').textContent = 'Pause';
        liveText = 'live: ' + message.shards.length + (message.shards.length === 1 ? ' shard' : ' shards')
          + ' from ' + message.from;
        setStatus('live', liveText);
        break;
      case 'record':
        received++;
        if (paused) {
          held.push(message);
          if (held.length > MAX_ROWS) {
            held.shift();
          }
        } else {
          addRow(message);
        }
        updateCounts();
        break;
      case 'paused':
        setStatus('paused', 'paused: new records wait in the stream');
        break;
      case 'resumed':
        setStatus('live', liveText);
        break;
      case 'shardEnd':
        break;
      case 'error':
        setStatus('closed', 'closed (' + message.code + '): ' + message.message);
        break;
      default:
        break;
    }
  }

  function addRow(record) {
    const row = document.createElement('tr');
    row.dataset.key = record.partitionKey;
    row.dataset.sequence = record.sequenceNumber;
    const sequence = cell('…' + record.sequenceNumber.slice(-12));
    sequence.title = record.sequenceNumber;
    const data = document.createElement('td');
    data.className = 'data';
    if (record.text !== undefined) {
      data.textContent = preview(record.text);
      data.title = record.text.length > DATA_PREVIEW_CHARS ? record.text : '';
    } else {
      const b64 = document.createElement('span');
      b64.className = 'b64';
      b64.textContent = preview(record.data);
      data.append(b64);
    }
    row.append(cell(time(record.arrivalMillis)), cell(record.shardId), sequence, cell(record.partitionKey), data);
    row.hidden = !matchesFilter(record.partitionKey);
    recordsBody.prepend(row);
    while (recordsBody.rows.length > MAX_ROWS) {
      recordsBody.lastElementChild.remove();
    }
  }

  function preview(text) {
    return text.length > DATA_PREVIEW_CHARS ? text.slice(0, DATA_PREVIEW_CHARS) + '…' : text;
  }

  function time(millis) {
    const at = new Date(millis);
    const two = (n) => String(n).padStart(2, '0');
    return two(at.getHours()) + ':' + two(at.getMinutes()) + ':' + two(at.getSeconds()) + '.'
      + String(at.getMilliseconds()).padStart(3, '0');
  }

  function matchesFilter(partitionKey) {
    const filter = $('filter').value;
    return filter === '' || partitionKey.includes(filter);
  }

  function applyFilter() {
    for (const row of recordsBody.rows) {
      row.hidden = !matchesFilter(row.dataset.key);
    }
  }

  function togglePause() {
    if (!socket) {
      return;
    }
    paused = !paused;
    socket.send(JSON.stringify({ type: paused ? 'pause' : 'resume' }));
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    if (paused) {
      setStatus('paused', 'pausing…');
    } else {
      const waiting = held;
      held = [];
      waiting.forEach(addRow);
    }
    updateCounts();
  }

  function updateCounts() {
    $('received').textContent = received;
    $('shown').textContent = recordsBody.rows.length;
    $('held').textContent = held.length;
    $('held-stat').hidden = !paused;
  }

  function tickRate() {
    $('rate').textContent = received - receivedAtLastTick;
    receivedAtLastTick = received;
  }

  function setStatus(state, text) {
    $('status').dataset.state = state;
    $('status').textContent = text;
  }

  function showStartFields() {
    const from = $('from').value;
    $('timestamp-field').hidden = from !== 'AT_TIMESTAMP';
    $('sequence-field').hidden = from !== 'AT_SEQUENCE_NUMBER' && from !== 'AFTER_SEQUENCE_NUMBER';
  }

  $('from').addEventListener('change', showStartFields);
  $('tail-form').addEventListener('submit', (event) => {
    event.preventDefault();
    startTail();
  });
  $('pause').addEventListener('click', togglePause);
  $('filter').addEventListener('input', applyFilter);
  $('filter').addEventListener('change', applyFilter);

  showStartFields();
  refreshStreams();
  setInterval(refreshStreams, STREAMS_REFRESH_MS);
  setInterval(tickRate, 1000);
})();
