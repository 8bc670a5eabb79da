/**
 * The status page's script (served as `status-page.js`): plain browser JavaScript, no build.
 * It reads `healthz`, completes through `v1/models/complete` as the user types, and re-reads
 * the counts on each `change` from `v1/models/events`. Text goes in with `textContent` only:
 * model ids and error messages are untrusted. URLs are relative, so a base path works.
 */
export const STATUS_PAGE_SCRIPT = `'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = String(text);
    if (className) td.className = className;
    row.appendChild(td);
  }

  async function refreshStatus() {
    const response = await fetch('healthz', { cache: 'no-store' });
    if (!response.ok) throw new Error('healthz answered ' + response.status);
    const health = await response.json();
    $('total').textContent = String(health.models);
    $('overall').textContent = health.status;
    const rows = health.providers.map((provider) => {
      const row = document.createElement('tr');
      row.dataset.provider = provider.name;
      cell(row, provider.name);
      cell(row, provider.available ? provider.state : 'unavailable: ' + (provider.unavailableReason || ''), provider.state);
      cell(row, provider.models, 'number');
      cell(row, when(provider.lastSuccessAt));
      cell(row, provider.lastError ? provider.lastError.code + ': ' + provider.lastError.message + ' (' + when(provider.lastError.at) + ')' : '—');
      return row;
    });
    $('providers').replaceChildren(...rows);
  }

  let asked = 0;
  async function complete(text) {
    const ticket = ++asked;
    const list = $('completions');
    if (text.trim() === '') return list.replaceChildren();
    const response = await fetch('v1/models/complete?limit=20&q=' + encodeURIComponent(text.trim()));
    const body = await response.json();
    // An older answer arriving after a newer one must not replace it.
    if (ticket !== asked) return;
    list.replaceChildren(...(body.items || []).map((item) => {
      const li = document.createElement('li');
      li.textContent = item;
      return li;
    }));
  }

  function listen() {
    const events = new EventSource('v1/models/events');
    events.addEventListener('ready', () => { $('live').textContent = 'live'; });
    events.addEventListener('change', () => { refreshStatus().catch(() => {}); });
    events.addEventListener('error', () => { $('live').textContent = 'reconnecting'; });
  }

  $('search').addEventListener('input', (event) => { complete(event.target.value).catch(() => {}); });
  refreshStatus().catch((error) => { $('overall').textContent = 'unreachable (' + error.message + ')'; });
  listen();
})();
`;
