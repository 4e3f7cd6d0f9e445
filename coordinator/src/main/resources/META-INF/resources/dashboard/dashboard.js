// Runway dashboard. Everything it shows is read from the API with the signed-in user's bearer token, which lives in
// this tab's sessionStorage and nowhere else (not in the page, a URL or a log). Text from the API is inserted with
// textContent only, never parsed as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'runway.token';
  const TERMINAL = ['COMPLETED', 'ROLLED_BACK', 'FAILED', 'ABORTED'];
  const ACTIVE = ['RUNNING', 'AWAITING_DECISION'];
  // The GO/NO-GO role each Runway role votes as (security/RunwayRole.votingAs).
  const VOTES_AS = {
    'deployment-lead': 'DEPLOYMENT_LEAD',
    'devops': 'DEVOPS_ENGINEER',
    'dba': 'DATABASE_ADMINISTRATOR',
    'engineering-manager': 'ENGINEERING_MANAGER',
  };
  // The manual rollback's two authorities (security/RunwayRole.asking).
  const ASKS_AS = {'deployment-lead': 'DEPLOYMENT_LEAD', 'engineering-manager': 'ENGINEERING_MANAGER'};
  const LIST_REFRESH_MS = 5000;
  const RECONNECT_MIN_MS = 1000;
  const RECONNECT_MAX_MS = 15000;
  const PROGRESS_KEPT = 200;

  const $ = (id) => document.getElementById(id);
  const releaseId = $('dashboard').dataset.release || null;

  let me = null;
  let current = null;
  let stream = null;
  let listTimer = null;
  let busy = false;

  // ---- sign-in

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  async function signIn(value) {
    sessionStorage.setItem(TOKEN_KEY, value);
    const answer = await api('GET', '/me');
    if (!answer.ok) {
      sessionStorage.removeItem(TOKEN_KEY);
      show($('sign-in'));
      return;
    }
    me = answer.body;
    hideProblem();
    hide($('sign-in'));
    $('who').textContent = `${me.subject} (${me.roles.join(', ') || 'no Runway role'})`;
    show($('who'));
    show($('sign-out'));
    if (releaseId) {
      openRelease();
    } else {
      openList();
    }
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    closeStream();
    clearInterval(listTimer);
    window.location.assign('/dashboard');
  }

  const holds = (role) => me !== null && me.roles.includes(role);

  // ---- the API

  /** One call with the token. Answers {ok, status, body, headers}; a refusal is shown as the problem it is. */
  async function api(method, path, body) {
    const headers = {'Authorization': `Bearer ${token()}`, 'Accept': 'application/json'};
    const init = {method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      showProblem('The coordinator did not answer', String(e.message || e));
      return {ok: false, status: 0, body: null};
    }
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch (e) {
      parsed = null;
    }
    if (!response.ok) {
      showRefusal(response, parsed, text);
    }
    return {ok: response.ok, status: response.status, body: parsed, headers: response.headers};
  }

  function showRefusal(response, problem, text) {
    if (response.status === 401) {
      showProblem('Not signed in', 'the coordinator refused the token (expired or not one it trusts); sign in again');
      return;
    }
    if (problem && (problem.title || problem.detail)) {
      showProblem(problem.title || `HTTP ${response.status}`, problem.detail || '');
      return;
    }
    if (response.status === 403) {
      showProblem('Not allowed', 'your roles do not allow this');
      return;
    }
    showProblem(`HTTP ${response.status}`, text.slice(0, 300));
  }

  function showProblem(title, detail) {
    $('problem-title').textContent = title;
    $('problem-detail').textContent = detail;
    show($('problem'));
  }

  function hideProblem() {
    hide($('problem'));
  }

  // ---- the list

  function openList() {
    show($('releases'));
    if (holds('deployer')) {
      show($('show-start'));
    }
    refreshList();
    listTimer = setInterval(refreshList, LIST_REFRESH_MS);
  }

  async function refreshList() {
    const answer = await api('GET', '/releases');
    if (!answer.ok) {
      return;
    }
    const releases = answer.body.slice().sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
    const rows = releases.map((r) => {
      const tr = element('tr', {'data-id': r.id, 'data-status': r.status});
      const link = element('a', {href: `/dashboard/releases/${encodeURIComponent(r.id)}`}, r.application);
      tr.append(
          cell(link),
          cell(r.environment),
          cell(r.version),
          cell(statusBadge(r.status)),
          cell(r.currentPhase || '–'),
          cell(time(r.startedAt)));
      return tr;
    });
    $('release-list').tBodies[0].replaceChildren(...rows);
    $('no-releases').hidden = rows.length > 0;
  }

  async function startRelease(event) {
    event.preventDefault();
    const answer = await run(() => api('POST', '/releases', $('spec').value));
    if (answer && answer.ok && answer.body && answer.body.id) {
      window.location.assign(`/dashboard/releases/${encodeURIComponent(answer.body.id)}`);
    }
  }

  // ---- one release, live

  function openRelease() {
    show($('release'));
    connect(RECONNECT_MIN_MS);
  }

  /**
   * Reads GET /releases/{id}/events with fetch, since EventSource cannot send the Authorization header. Every
   * "release" event is the whole view, so the page is rendered from it; a dropped stream is opened again.
   */
  async function connect(backoff) {
    closeStream();
    const controller = new AbortController();
    stream = controller;
    let next = backoff;
    try {
      const response = await fetch(`/releases/${encodeURIComponent(releaseId)}/events`, {
        headers: {'Authorization': `Bearer ${token()}`, 'Accept': 'text/event-stream'},
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
      if (!response.ok) {
        if (!(await readOnce())) {
          return;
        }
      } else {
        live('live');
        next = RECONNECT_MIN_MS;
        await readEvents(response.body.getReader(), controller);
      }
    } catch (e) {
      if (controller.signal.aborted || !(await readOnce())) {
        return;
      }
    }
    if (controller.signal.aborted || stream !== controller) {
      return;
    }
    if (current && finished(current)) {
      live('ended');
      return;
    }
    live('reconnecting');
    setTimeout(() => {
      if (stream === controller) {
        connect(Math.min(next * 2, RECONNECT_MAX_MS));
      }
    }, next);
  }

  /**
   * While the stream cannot be opened, the release is read once per attempt, so the page still shows it. False when
   * there is no point in trying again (the release is unknown or the token is refused; the problem is shown).
   */
  async function readOnce() {
    const answer = await api('GET', `/releases/${encodeURIComponent(releaseId)}`);
    if (answer.ok) {
      renderRelease(answer.body);
      return true;
    }
    live('stopped');
    return answer.status !== 401 && answer.status !== 403 && answer.status !== 404;
  }

  function closeStream() {
    if (stream) {
      const open = stream;
      stream = null;
      open.abort();
    }
  }

  /** Server-sent events as the HTML standard frames them: lines, a blank line ends one event. */
  async function readEvents(reader, controller) {
    const decoder = new TextDecoder();
    let buffer = '';
    let type = '';
    let data = [];
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, {stream: true});
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1);
        if (line === '') {
          if (data.length > 0) {
            onEvent(type || 'message', data.join('\n'));
          }
          type = '';
          data = [];
          if (current && finished(current)) {
            // nothing more will come for a release that has ended for good
            controller.abort();
            stream = null;
            live('ended');
            return;
          }
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) {
            value = value.slice(1);
          }
          if (field === 'event') {
            type = value;
          } else if (field === 'data') {
            data.push(value);
          }
        }
      }
    }
  }

  function onEvent(type, data) {
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (type === 'release') {
      renderRelease(parsed);
    } else if (type === 'transition') {
      addProgress(parsed);
    }
  }

  /**
   * An ended release whose hypercare is over and which awaits no decision: nothing more happens to it. A COMPLETED
   * release in hypercare can still get an alert, a decision and a rollback, so its stream stays open.
   */
  function finished(release) {
    if (!TERMINAL.includes(release.status)) {
      return false;
    }
    if (release.status !== 'COMPLETED') {
      return true;
    }
    const hypercare = release.hypercareUntil ? Date.parse(release.hypercareUntil) : 0;
    return !release.decision && hypercare < Date.now();
  }

  function live(state) {
    const labels = {live: '● live', reconnecting: '○ reconnecting…', ended: 'ended', stopped: 'not live'};
    $('live').textContent = labels[state];
    $('live').dataset.state = state;
  }

  function addProgress(transition) {
    if (!transition.reason) {
      return;
    }
    const item = element('li', {'data-sequence': String(transition.sequence)});
    item.append(
        element('time', {}, clock(transition.at)),
        ' ',
        element('span', {class: 'phase'}, transition.phase || transition.status),
        ' ',
        element('span', {}, transition.reason));
    const list = $('progress');
    list.prepend(item);
    while (list.children.length > PROGRESS_KEPT) {
      list.lastChild.remove();
    }
    show($('progress-box'));
  }

  function renderRelease(r) {
    current = r;
    document.title = `${r.application} ${r.version} · Runway`;
    $('release-title').textContent = `${r.application} ${r.version} → ${r.environment}`;
    $('release-status').replaceChildren(statusBadge(r.status));
    facts($('release-facts'), [
      ['Current phase', r.currentPhase],
      ['Requested by', r.requestedBy],
      ['Started', time(r.startedAt)],
      ['Ended', time(r.endedAt)],
      ['Duration', r.durationSeconds == null ? null : duration(r.durationSeconds * 1000)],
      ['Image', r.image],
      ['Hypercare until', time(r.hypercareUntil)],
    ]);
    renderVote(r.vote);
    renderDecision(r.decision);
    renderRollbackRequest(r.rollbackRequest);
    renderRollback(r.rollback, r.timeline || []);
    renderTimeline(r.timeline || []);
    renderNotices(r.notices || []);
    renderActions(r);
  }

  function renderVote(vote) {
    const box = $('vote');
    // once every role has voted, the votes are the timeline's Vote rows
    if (!vote || !(vote.missing || []).length) {
      hide(box);
      return;
    }
    facts($('vote-facts'), [
      ['Required', (vote.required || []).join(', ')],
      ['Still to vote', vote.missing.join(', ')],
      ['Deadline', time(vote.deadline)],
      ['Migrations hash', vote.migrationsHash],
    ]);
    $('votes').replaceChildren(...(vote.votes || []).map((v) => {
      const li = element('li');
      li.append(
          element('span', {class: `decision ${v.decision}`}, v.decision),
          ` ${v.role} by ${v.by}`,
          v.comment ? ` — ${v.comment}` : '');
      return li;
    }));
    $('vote-facts').dataset.missing = vote.missing.join(',');
    show(box);
  }

  function renderDecision(decision) {
    const box = $('decision');
    if (!decision) {
      hide(box);
      return;
    }
    facts($('decision-facts'), [
      ['Trigger', decision.trigger],
      ['Rule', decision.rule],
      ['Breach', decision.evidence],
      ['Deadline', time(decision.deadline)],
      ['If nobody decides', decision.onTimeout],
    ]);
    show(box);
  }

  function renderRollbackRequest(request) {
    const box = $('rollback-request');
    if (!request) {
      hide(box);
      return;
    }
    $('rollback-asks').replaceChildren(...(request.asks || []).map((a) =>
      element('li', {}, `${a.authority} ${a.by} at ${time(a.at)}${a.reason ? ` — ${a.reason}` : ''}`)));
    $('rollback-missing').textContent = (request.missing || []).length
        ? `Waiting for: ${request.missing.join(', ')}` : '';
    show(box);
  }

  function renderRollback(rollback, timeline) {
    const box = $('rollback');
    if (!rollback) {
      hide(box);
      return;
    }
    const steps = timeline.filter((row) => /^R\d/.test(row.phase || ''));
    facts($('rollback-facts'), [
      ['Trigger', `${rollback.trigger}${rollback.immediate ? ' (immediate)' : ''}`],
      ['Reason', rollback.reason],
      ['Started', time(rollback.startedAt)],
      ['Steps', steps.length ? steps.map((s) => `${s.phase} ${s.task}: ${s.status}`).join('; ') : 'none yet'],
    ]);
    show(box);
  }

  function renderTimeline(timeline) {
    const rows = timeline.map((row) => {
      const tr = element('tr', {'data-stage': row.stage, 'data-status': row.status});
      if (/^R\d/.test(row.phase || '')) {
        tr.classList.add('rollback-step');
      }
      tr.append(
          cell(clock(row.startedAt)),
          cell(row.phase),
          cell(row.task),
          cell(statusBadge(row.status)),
          cell(row.durationMillis == null ? '' : duration(row.durationMillis)),
          cell(element('div', {class: 'notes'}, row.notes || '')));
      return tr;
    });
    $('timeline').tBodies[0].replaceChildren(...rows);
  }

  function renderNotices(notices) {
    $('notices').replaceChildren(...notices.map((n) => {
      const li = element('li');
      li.append(
          element('strong', {}, n.announcement),
          ` ${n.status}`,
          n.outcome ? ` — ${n.outcome}` : '',
          n.fallback ? ` (Runway paged PagerDuty itself: ${fallbackOutcome(n.fallback)})` : '');
      return li;
    }));
    $('notices-box').hidden = notices.length === 0;
  }

  function fallbackOutcome(fallback) {
    const d = fallback.delivery;
    return d ? `${d.outcome}, HTTP ${d.httpStatus} after ${d.attempts} attempt(s)` : 'requested, no answer yet';
  }

  /** Exactly the buttons the caller's roles allow for this release now (rest/ReleaseResource's @RolesAllowed). */
  function renderActions(r) {
    const buttons = [];
    const active = ACTIVE.includes(r.status);
    if (r.vote && (r.vote.missing || []).length) {
      for (const [role, votesAs] of Object.entries(VOTES_AS)) {
        if (holds(role) && r.vote.missing.includes(votesAs)) {
          buttons.push(button(`Vote GO as ${votesAs}`, `vote-go-${votesAs}`, 'go', () => vote(r, votesAs, 'GO')));
          buttons.push(button(`Vote NO-GO as ${votesAs}`, `vote-no-go-${votesAs}`, 'danger',
              () => vote(r, votesAs, 'NO_GO')));
        }
      }
    }
    if (r.decision && holds('deployment-lead') && (r.status === 'AWAITING_DECISION' || r.status === 'COMPLETED')) {
      buttons.push(button('Decide: ROLLBACK', 'decide-rollback', 'danger', () => decide(r, 'ROLLBACK')));
      buttons.push(button('Decide: CONTINUE', 'decide-continue', 'go', () => decide(r, 'CONTINUE')));
    }
    if (active && holds('deployment-lead')) {
      buttons.push(button('Abort', 'abort', 'danger', () => post(r, 'abort', reasonBody())));
    }
    if (active) {
      const asked = ((r.rollbackRequest || {}).asks || []).map((a) => a.authority);
      const held = Object.entries(ASKS_AS).filter(([role, as]) => holds(role) && !asked.includes(as));
      for (const [, as] of held) {
        const body = Object.assign(reasonBody(), held.length > 1 ? {as} : {});
        buttons.push(button(held.length > 1 ? `Ask for rollback as ${as}` : 'Ask for rollback',
            `rollback-${as}`, 'danger', () => post(r, 'rollback', body)));
      }
    }
    $('action-buttons').replaceChildren(...buttons);
    $('actions').hidden = buttons.length === 0;
  }

  function reasonBody() {
    const reason = $('reason').value.trim();
    return reason ? {reason} : {};
  }

  function vote(r, role, decision) {
    const body = {role, decision};
    const comment = $('reason').value.trim();
    if (comment) {
      body.comment = comment;
    }
    if (role === 'DATABASE_ADMINISTRATOR' && r.vote.migrationsHash) {
      // the hash the DBA reviewed is the one shown above, with the release
      body.migrationsHash = r.vote.migrationsHash;
    }
    return post(r, 'votes', body);
  }

  function decide(r, action) {
    return post(r, 'decisions', Object.assign({action}, reasonBody()));
  }

  async function post(r, what, body) {
    const answer = await run(() => api('POST', `/releases/${encodeURIComponent(r.id)}/${what}`, body));
    if (answer && answer.ok) {
      $('reason').value = '';
      hideProblem();
      if (answer.body && answer.body.id === r.id) {
        renderRelease(answer.body);
      }
    }
  }

  /** One request at a time: a second click while the first is in flight would only be refused. */
  async function run(call) {
    if (busy) {
      return null;
    }
    busy = true;
    document.body.classList.add('busy');
    try {
      return await call();
    } finally {
      busy = false;
      document.body.classList.remove('busy');
    }
  }

  // ---- small helpers

  function element(tag, attributes = {}, text) {
    const e = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      e.setAttribute(name, value);
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function cell(content) {
    const td = element('td');
    if (content instanceof Node) {
      td.append(content);
    } else if (content !== undefined && content !== null) {
      td.textContent = String(content);
    }
    return td;
  }

  function button(label, name, kind, onClick) {
    const b = element('button', {'type': 'button', 'class': `action ${kind}`, 'data-action': name}, label);
    b.addEventListener('click', onClick);
    return b;
  }

  function statusBadge(status) {
    return element('span', {class: `badge ${status || ''}`}, status || '–');
  }

  function facts(dl, pairs) {
    const children = [];
    for (const [name, value] of pairs) {
      if (value === undefined || value === null || value === '') {
        continue;
      }
      children.push(element('dt', {}, name), element('dd', {}, value));
    }
    dl.replaceChildren(...children);
  }

  function time(instant) {
    if (!instant) {
      return null;
    }
    const at = new Date(instant);
    return Number.isNaN(at.getTime()) ? String(instant) : at.toLocaleString();
  }

  function clock(instant) {
    if (!instant) {
      return null;
    }
    const at = new Date(instant);
    return Number.isNaN(at.getTime()) ? String(instant) : at.toLocaleTimeString();
  }

  function duration(millis) {
    if (millis < 1000) {
      return `${millis} ms`;
    }
    const seconds = millis / 1000;
    if (seconds < 60) {
      return `${seconds.toFixed(1)} s`;
    }
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  }

  function show(e) {
    e.hidden = false;
  }

  function hide(e) {
    e.hidden = true;
  }

  // ---- start

  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (value) {
      signIn(value);
    }
  });
  $('sign-out').addEventListener('click', signOut);
  $('problem-close').addEventListener('click', hideProblem);
  $('show-start').addEventListener('click', () => {
    show($('start-form'));
    $('spec').focus();
  });
  $('cancel-start').addEventListener('click', () => hide($('start-form')));
  $('start-form').addEventListener('submit', startRelease);

  if (token()) {
    signIn(token());
  } else {
    show($('sign-in'));
  }
})();
