/*
 * Work-list live refresh (plain JS, no build step). Polls the list's change signal with the ETag the
 * page was rendered at: 304 = unchanged (no rows read, no audit entry, nothing personal travels).
 * On a change it reloads when the person has nothing selected and is not typing; otherwise it says
 * "This list has changed" in the aria-live region with a refresh link, and stops polling.
 */
(function () {
  'use strict';
  var region = document.getElementById('live-notice');
  if (!region || !window.fetch) return;
  var url = region.getAttribute('data-changes-url');
  var etag = region.getAttribute('data-etag');
  var refreshHref = region.getAttribute('data-refresh-href') || window.location.href;
  var INTERVAL_MS = 10000;
  // A poll is a request: stop before the session's idle timeout so an unattended tab still signs out.
  var idleMs = (Number(region.getAttribute('data-idle-seconds')) || 1800) * 1000 - 2 * INTERVAL_MS;
  var lastActivity = Date.now();
  ['keydown', 'pointerdown', 'scroll'].forEach(function (type) {
    document.addEventListener(
      type,
      function () {
        lastActivity = Date.now();
      },
      { passive: true, capture: true },
    );
  });
  var timer = null;
  var busy = false;

  function somethingInHand() {
    if (document.querySelector('input[name="case"]:checked')) return true;
    var active = document.activeElement;
    return !!active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName) && active.type !== 'checkbox';
  }

  function announce() {
    var text = document.createElement('p');
    text.className = 'cf-live-notice__text';
    text.appendChild(document.createTextNode('This list has changed \u2014 '));
    var link = document.createElement('a');
    link.className = 'usa-link';
    link.href = refreshHref;
    link.appendChild(document.createTextNode('refresh'));
    text.appendChild(link);
    region.textContent = '';
    region.appendChild(text);
  }

  function changed() {
    window.clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
    if (somethingInHand()) announce();
    else window.location.assign(refreshHref);
  }

  function poll() {
    if (busy || document.hidden) return;
    if (Date.now() - lastActivity > idleMs) return;
    busy = true;
    fetch(url, {
      headers: { 'If-None-Match': etag, Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'manual',
    })
      .then(function (response) {
        busy = false;
        if (response.status === 304) return;
        var tag = response.headers.get('ETag');
        if (response.ok && tag && tag !== etag) changed();
        // Signed out or any other answer: stop quietly; the next page load shows why.
        else if (!response.ok) window.clearInterval(timer);
      })
      .catch(function () {
        busy = false;
      });
  }

  function onVisible() {
    if (!document.hidden) poll();
  }

  timer = window.setInterval(poll, INTERVAL_MS);
  document.addEventListener('visibilitychange', onVisible);
})();
