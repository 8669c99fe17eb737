/* The room's few behaviours that htmx does not cover: re-fetching the room when the
   facilitator moves it or the socket comes back, the shared timer, keeping sorted
   boards sorted, and telling people what went wrong. */
(function () {
  "use strict";

  var everOpened = false;

  function roomUrl() {
    return window.location.pathname + window.location.search;
  }

  // Re-fetch this page's room fragment, keeping whatever someone is half-way through typing.
  function refreshRoom() {
    if (!document.getElementById("room-body")) return;
    htmx.ajax("GET", roomUrl(), { target: "#room-body", swap: "outerHTML" }).then(tickTimers);
  }

  // The drafts are taken the moment before the new room replaces the old one, not when
  // the re-fetch starts: people go on typing while it is on its way. Both events fire in
  // the same task as the swap, so no keystroke can fall between them.
  var kept = null;
  function isRoomSwap(event) {
    var target = event.detail && event.detail.target;
    return Boolean(target) && target.id === "room-body";
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!isRoomSwap(event)) return;
    var drafts = {};
    document.querySelectorAll("#room-body input[id], #room-body textarea[id]").forEach(function (field) {
      if (field.type !== "hidden" && field.value && field.id !== "timer-minutes") drafts[field.id] = field.value;
    });
    kept = { drafts: drafts, focused: document.activeElement && document.activeElement.id };
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!isRoomSwap(event) || !kept) return;
    var restore = kept;
    kept = null;
    Object.keys(restore.drafts).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && !field.value) field.value = restore.drafts[id];
    });
    if (restore.focused) {
      var again = document.getElementById(restore.focused);
      if (again && again !== document.activeElement) again.focus();
    }
  });

  function showConnection(text) {
    var banner = document.getElementById("connection");
    if (!banner) return;
    banner.textContent = text;
    banner.classList.toggle("is-visible", Boolean(text));
  }

  var toastTimer = null;
  function toast(text) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.textContent = text;
    box.classList.add("is-visible");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.classList.remove("is-visible"); }, 6000);
  }

  document.addEventListener("htmx:wsOpen", function () {
    showConnection("");
    // Whatever was pushed while this socket was away is fetched now, so nothing stays missing.
    if (everOpened) refreshRoom();
    everOpened = true;
  });

  document.addEventListener("htmx:wsClose", function (event) {
    var code = event.detail && event.detail.event && event.detail.event.code;
    if (code === 4003) {
      showConnection("");
      return;
    }
    showConnection("Connection lost. Reconnecting…");
  });

  document.addEventListener("htmx:wsAfterMessage", function (event) {
    var message = event.detail.message || "";
    if (message.indexOf('id="room-refresh"') !== -1) refreshRoom();
    if (message.indexOf('id="timer"') !== -1) tickTimers();
    sortCards();
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = (xhr && xhr.responseText) || "";
    if (!text || text.charAt(0) === "<") text = "That didn’t work (" + (xhr ? xhr.status : "error") + "). Please try again.";
    toast(text);
  });

  document.addEventListener("htmx:sendError", function () {
    toast("Can’t reach Prepwork right now. Nothing was saved; try again in a moment.");
  });

  document.addEventListener("htmx:afterSwap", function () { sortCards(); });

  // Live cards arrive at the top; a board sorted by rating puts them where they belong.
  function sortCards() {
    var list = document.getElementById("experience-list");
    if (!list || list.dataset.sort === "newest" || !list.dataset.sort) return;
    var key = list.dataset.sort;
    var cards = Array.prototype.slice.call(list.children);
    function score(card) {
      var stats = card.querySelector(".card-stats");
      var value = stats ? parseFloat(stats.dataset[key]) : NaN;
      return isNaN(value) ? -1 : value;
    }
    var sorted = cards.slice().sort(function (a, b) {
      return score(b) - score(a) || Number(b.dataset.created) - Number(a.dataset.created);
    });
    if (sorted.some(function (card, i) { return card !== cards[i]; })) {
      sorted.forEach(function (card) { list.appendChild(card); });
    }
  }

  // The timer counts down from the server's end time; each screen corrects for its own
  // clock with the server time the fragment was rendered at.
  var beeped = {};
  function tickTimers() {
    document.querySelectorAll(".timer").forEach(function (timer) {
      var endsAt = Number(timer.dataset.endsAt);
      var value = timer.querySelector(".timer-value");
      var fill = timer.querySelector(".timer-fill");
      if (!endsAt) {
        timer.classList.remove("is-running", "is-over", "is-ending");
        if (value) value.textContent = timer.dataset.idle || "–:–";
        if (fill) fill.style.width = "0";
        return;
      }
      if (!timer.dataset.offset) {
        timer.dataset.offset = String(Number(timer.dataset.serverNow) - Date.now());
      }
      var now = Date.now() + Number(timer.dataset.offset);
      var left = Math.max(0, Math.ceil((endsAt - now) / 1000));
      var total = Number(timer.dataset.total) || left || 1;
      if (value) value.textContent = String(Math.floor(left / 60)).padStart(2, "0") + ":" + String(left % 60).padStart(2, "0");
      if (fill) fill.style.width = (100 * left / total) + "%";
      timer.classList.toggle("is-ending", left > 0 && left <= 30);
      if (left === 0 && !timer.classList.contains("is-over")) {
        timer.classList.add("is-over");
        if (value) value.textContent = "Time’s up";
        if (!beeped[endsAt] && endsAt > Date.now() + Number(timer.dataset.offset) - 5000) {
          beeped[endsAt] = true;
          chime();
        }
      }
    });
  }

  function chime() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      var audio = new Context();
      [0, 0.35, 0.7].forEach(function (start, i) {
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = [660, 880, 990][i];
        gain.gain.setValueAtTime(0.0001, audio.currentTime + start);
        gain.gain.exponentialRampToValueAtTime(0.25, audio.currentTime + start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + start + 0.3);
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + start);
        tone.stop(audio.currentTime + start + 0.32);
      });
    } catch (error) { /* no sound is better than a broken room */ }
  }

  setInterval(tickTimers, 250);
  document.addEventListener("DOMContentLoaded", function () { tickTimers(); sortCards(); });
})();
