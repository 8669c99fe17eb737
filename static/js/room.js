/* The room's few behaviours that htmx does not cover: keeping the live connection up
   (and catching up when it comes back), the shared timer, keeping sorted boards
   sorted, fitting the projector's cards to its screen, and telling people what happened. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var RETRY_FIRST = 250;      // ms before the first reconnect attempt
  var RETRY_MOST = 3000;      // the longest wait between attempts
  var PING_EVERY = 20000;     // how often an idle page checks that its socket is alive
  var PONG_WITHIN = 6000;     // a socket that does not answer a ping by then is dead
  var CLOSE_REMOVED = 4003;   // the facilitator removed this person: never reconnect
  var CLOSE_TOO_MANY = 4029;  // this person has the room open in too many tabs
  var RETRY_TOO_MANY = 30000; // try again now and then, and whenever the tab is shown

  function roomElement() { return document.getElementById("room"); }

  function roomUrl() {
    var room = roomElement();
    return ((room && room.dataset.roomUrl) || window.location.pathname) + window.location.search;
  }

  // --- The live connection ------------------------------------------------------------
  // The htmx extension would wait out a growing random back-off (up to a minute) after a
  // drop. This page reconnects itself instead: within a few seconds, and at once when the
  // browser says it is online again or the tab comes back into view.
  htmx.config.wsReconnectDelay = function () { return 2147483647; };

  var socketWrapper = null;
  var everOpened = false;
  var removed = false;
  var attempts = 0;
  var retryTimer = null;
  var pingTimer = null;
  var pongTimer = null;

  function currentSocket() {
    var room = roomElement();
    var data = room && room["htmx-internal-data"];
    return data && data.webSocket && data.webSocket.socket;
  }

  function isOpen() {
    var socket = currentSocket();
    return Boolean(socket) && socket.readyState === WebSocket.OPEN;
  }

  function reconnectNow() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (removed || !socketWrapper) return;
    // A connection still being attempted is given up, so that only one ever opens.
    var socket = currentSocket();
    if (socket && socket.readyState === WebSocket.CONNECTING) socket.close();
    socketWrapper.reconnect();
  }

  function scheduleReconnect() {
    if (removed || retryTimer) return;
    var delay = Math.min(RETRY_MOST, RETRY_FIRST * Math.pow(2, attempts));
    attempts += 1;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      reconnectNow();
    }, delay * (0.5 + Math.random() / 2));
  }

  function checkAlive() {
    if (removed || !socketWrapper) return;
    if (!isOpen()) {
      reconnectNow();
      return;
    }
    clearTimeout(pongTimer);
    socketWrapper.send("ping");
    pongTimer = setTimeout(function () {
      // Open on paper, silent in fact (a network that went away without a word).
      showConnection("Connection lost. Reconnecting…");
      reconnectNow();
    }, PONG_WITHIN);
  }

  document.addEventListener("htmx:wsOpen", function (event) {
    socketWrapper = event.detail.socketWrapper;
    attempts = 0;
    showConnection("");
    clearInterval(pingTimer);
    pingTimer = setInterval(checkAlive, PING_EVERY);
    // Whatever was pushed while this socket was away is fetched now, so nothing stays missing.
    if (everOpened) {
      heardSince = null;  // this socket's first note says nothing new: the room is fetched now
      refreshRoom();
    }
    everOpened = true;
  });

  document.addEventListener("htmx:wsClose", function (event) {
    socketWrapper = event.detail.socketWrapper;
    var closed = event.detail.event;
    // A socket replaced by a newer one reports its close late: only the current one counts.
    if (closed && closed.target && closed.target !== currentSocket()) return;
    clearTimeout(pongTimer);
    if (closed && closed.code === CLOSE_REMOVED) {
      removed = true;
      showConnection("");
      return;
    }
    if (closed && closed.code === CLOSE_TOO_MANY) {
      showConnection("This room is open in too many of your tabs. Close one and this one reconnects.");
      clearTimeout(retryTimer);
      retryTimer = setTimeout(function () { retryTimer = null; reconnectNow(); }, RETRY_TOO_MANY);
      return;
    }
    showConnection("Connection lost. Reconnecting…");
    scheduleReconnect();
  });

  // Back online: a socket from before the cut cannot be trusted, even one that looks
  // open, so a fresh one is made and the page catches up through it.
  window.addEventListener("online", reconnectNow);
  window.addEventListener("offline", function () {
    showConnection("You are offline. The room catches up as soon as the network is back.");
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") checkAlive();
  });

  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    clearTimeout(pongTimer);
    if (event.detail.message === "pong") event.preventDefault();
    // The server asks a quiet socket whether its page is still there (a page in a
    // background tab pings rarely): answering keeps this person in the room.
    if (event.detail.message === "ping") {
      event.preventDefault();
      if (socketWrapper) socketWrapper.send("pong");
    }
  });

  document.addEventListener("htmx:wsAfterMessage", function (event) {
    var message = event.detail.message || "";
    if (message.indexOf('id="room-sync"') !== -1) readSyncNote();
    if (message.indexOf('id="timer"') !== -1) tickTimers();
    if (message.indexOf('id="people-summary"') !== -1) htmx.trigger(document.body, "presenceChanged");
    if (message.indexOf('id="stage"') !== -1) applySort();
    if (isProjector() && message.indexOf('id="experience-') !== -1) refreshProjectorSoon();
    applyMyDots();
    applyFilters();
    sortCards();
    fitProjector();
  });

  // --- Catching up, keeping drafts ------------------------------------------------------

  // A page is drawn a moment before its socket joins the room: if anything was pushed
  // in between (or before the server could know), the first socket's note says so, and
  // the page fetches its room again. A reconnect catches up anyway (see wsOpen). Later,
  // a note saying that the server has heard the room's pushes only since a moment ago
  // (it lost them for a while: Redis restarting) makes the page fetch its room again too.
  var firstNoteRead = false;
  var heardSince = null;
  function readSyncNote() {
    var note = document.getElementById("room-sync");
    var body = document.getElementById("room-body");
    if (!note || !body) return;
    var since = Number(note.dataset.heardSince);
    if (firstNoteRead) {
      if (heardSince !== null && since > heardSince) refreshRoom();
      heardSince = since;
      return;
    }
    firstNoteRead = true;
    heardSince = since;
    var drawnAt = Number(body.dataset.drawnAt);
    if (Number(note.dataset.heardSince) > drawnAt || Number(note.dataset.lastPush) > drawnAt) {
      refreshRoom().then(markCaughtUp);
    } else {
      markCaughtUp();
    }
  }

  function markCaughtUp() {
    var room = roomElement();
    if (room) room.dataset.caughtUp = "true";
  }

  function refreshRoom() {
    if (!document.getElementById("room-body")) return Promise.resolve();
    return htmx.ajax("GET", roomUrl(), { target: "#room-body", swap: "outerHTML" }).then(function () {
      tickTimers();
      applySort();
      fitProjector();
    });
  }

  // The projector shows the top of a board sorted its own way; when cards come and go it
  // fetches its stage again (one screen, one small request) rather than guess.
  var projectorTimer = null;
  function isProjector() { return document.body.classList.contains("present-page"); }
  function refreshProjectorSoon() {
    clearTimeout(projectorTimer);
    projectorTimer = setTimeout(function () {
      htmx.ajax("GET", roomUrl(), { target: "#stage", select: "#stage", swap: "outerHTML" })
        .then(fitProjector);
    }, 400);
  }

  // When the room or the stage is replaced (a catch-up, a push from the facilitator),
  // what someone is half-way through typing is kept. The drafts are taken the moment
  // before the swap, not when the request starts: people go on typing meanwhile.
  var kept = null;
  function replacesDrafts(target) {
    return Boolean(target) && (target.id === "room-body" || target.id === "stage");
  }

  function keepDrafts(target) {
    var drafts = {};
    target.querySelectorAll("input[id], textarea[id], select[id]").forEach(function (field) {
      if (field.type !== "hidden" && field.type !== "radio" && field.value && field.id !== "timer-minutes") {
        drafts[field.id] = field.value;
      }
    });
    kept = { drafts: drafts, focused: document.activeElement && document.activeElement.id };
  }

  function restoreDrafts() {
    if (!kept) return;
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
  }

  ["htmx:beforeSwap", "htmx:oobBeforeSwap"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (replacesDrafts(event.detail.target)) keepDrafts(event.detail.target);
    });
  });
  ["htmx:afterSwap", "htmx:oobAfterSwap"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (replacesDrafts(event.detail.target) || event.detail.target === document.body) restoreDrafts();
      applyMyDots();
      applyFilters();
      sortCards();
      fitProjector();
    });
  });

  // --- Add forms that stay open -------------------------------------------------------

  // A phone shows an add form's first field only until someone starts on it. From then
  // on it stays open, the fresh form after each card too: were it to fold up when the
  // cursor leaves it, everything below would jump under the finger that tapped there.
  var openForms = {};
  function keepFormsOpen() {
    Object.keys(openForms).forEach(function (id) {
      var form = document.getElementById(id);
      if (form) form.classList.add("is-open");
    });
  }
  document.addEventListener("focusin", function (event) {
    var form = event.target.closest && event.target.closest(".add-card[id]");
    if (!form) return;
    openForms[form.id] = true;
    form.classList.add("is-open");
  });
  // After settling too: htmx gives a swapped element its new attributes back then.
  ["htmx:afterSwap", "htmx:oobAfterSwap", "htmx:afterSettle", "htmx:wsAfterMessage"].forEach(function (name) {
    document.addEventListener(name, keepFormsOpen);
  });

  // --- Telling people what happened ---------------------------------------------------

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

  function announce(text) {
    var region = document.getElementById("announce");
    if (!region) return;
    region.textContent = "";
    // A new text in a live region that already exists is what screen readers announce.
    setTimeout(function () { region.textContent = text; }, 50);
  }

  // A write made outside htmx (a goal's move) was refused: say why, as htmx's are.
  document.addEventListener("roomRefused", function (event) {
    toast((event.detail && event.detail.message) || "That didn’t work. Please try again.");
  });

  document.addEventListener("roomSaved", function (event) {
    announce((event.detail && event.detail.message) || "Saved.");
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = (xhr && xhr.responseText) || "";
    if (!text || text.charAt(0) === "<") text = "That didn’t work (" + (xhr ? xhr.status : "error") + "). Please try again.";
    toast(text);
    // A refused rating goes back to what was saved before.
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form.rate");
    if (form) form.reset();
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form.matches || !form.matches("form.rate")) return;
    // What this person chose is now what was saved: a later reset goes back to it.
    form.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.defaultChecked = input.checked;
    });
  });

  document.addEventListener("htmx:sendError", function () {
    toast("Can’t reach Prepwork right now. Nothing was saved; try again in a moment.");
  });

  // --- Sorting ------------------------------------------------------------------------

  // A board pushed to everyone comes sorted the default way: this page's own choice of
  // sort (in its address) is applied again.
  function applySort() {
    var list = document.getElementById("experience-list");
    var sort = new URLSearchParams(window.location.search).get("sort");
    if (!list || !sort) return;
    list.dataset.sort = sort;
    document.querySelectorAll(".sort a").forEach(function (link) {
      if (link.getAttribute("href") === "?sort=" + sort) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    sortCards();
  }

  // Live cards arrive at the top; a board sorted by rating puts them where they belong.
  function sortCards() {
    var list = document.getElementById("experience-list");
    if (!list || list.dataset.sort === "newest" || !list.dataset.sort) return;
    var key = list.dataset.sort;
    var cards = Array.prototype.slice.call(list.children);
    function score(card) {
      var holder = card.querySelector("[data-" + key + "]");
      var value = holder ? parseFloat(holder.dataset[key]) : NaN;
      return isNaN(value) ? -1 : value;
    }
    var sorted = cards.slice().sort(function (a, b) {
      return score(b) - score(a) || Number(b.dataset.created) - Number(a.dataset.created);
    });
    if (sorted.some(function (card, i) { return card !== cards[i]; })) {
      sorted.forEach(function (card) { list.appendChild(card); });
    }
  }

  // --- Dot votes ----------------------------------------------------------------------

  // Items pushed to everyone show nobody's dots: this person's own come from their meter
  // (#my-dots, theirs alone), set on every item after each swap.
  function applyMyDots() {
    var meter = document.getElementById("my-dots");
    if (!meter) return;
    var mine = {};
    (meter.dataset.mine || "").split(",").forEach(function (pair) {
      var parts = pair.split(":");
      if (parts.length === 2) mine[parts[0]] = Number(parts[1]);
    });
    var left = Number(meter.dataset.left);
    var onePerItem = meter.dataset.onePerItem === "true";
    document.querySelectorAll("form.dots[data-dot-item]").forEach(function (form) {
      var count = mine[form.dataset.dotItem] || 0;
      var shown = form.querySelector(".dot-mine");
      if (Number(shown.dataset.mine) !== count) {
        shown.dataset.mine = count;
        shown.querySelector(".dot-count").textContent = count;
        shown.querySelector(".dot-pips").textContent = "●".repeat(count);
      }
      form.querySelector(".dot-take").disabled = count === 0;
      form.querySelector(".dot-give").disabled = left <= 0 || (onePerItem && count > 0);
    });
  }
  document.addEventListener("roomRedrawn", applyMyDots);

  // --- Editors and filters -----------------------------------------------------------

  // An editor's Cancel: the room's editor panel closes, nothing sent.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-close-editor]");
    var editor = cancel && cancel.closest("#room-editor");
    if (editor) editor.innerHTML = "";
  });

  // A PDF made on demand takes a second or two: the link says it is working, and a
  // second click while it does is ignored rather than starting another.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-pdf-download]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    var label = link.textContent;
    link.setAttribute("aria-busy", "true");
    link.classList.add("is-working");
    link.textContent = "Making the PDF…";
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("refused");
      var name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
      return response.blob().then(function (blob) {
        var save = document.createElement("a");
        save.href = URL.createObjectURL(blob);
        save.download = name ? name[1] : "roadmap.pdf";
        document.body.appendChild(save);
        save.click();
        save.remove();  // the download has started; an empty link must not linger
        setTimeout(function () { URL.revokeObjectURL(save.href); }, 1000);
      });
    }).catch(function () {
      document.dispatchEvent(new CustomEvent("roomRefused", {
        detail: { message: "The PDF could not be made. Try again in a moment." },
      }));
    }).then(function () {
      link.textContent = label;
      link.removeAttribute("aria-busy");
      link.classList.remove("is-working");
    });
  });

  // The barriers' filters are this page's own (its address keeps them), applied again
  // whenever the board is pushed anew.
  var FILTERS = ["owner", "status"];
  function applyFilters() {
    var form = document.getElementById("barrier-filters");
    if (!form) return;
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) { form.elements[name].value = params.get(name) || ""; });
    var owner = form.elements.owner.value;
    var status = form.elements.status.value;
    var shown = 0;
    document.querySelectorAll("#barrier-list .barrier").forEach(function (barrier) {
      var matches = (!owner || barrier.dataset.owner === owner) && (!status ||
        (status === "unfinished" ? barrier.dataset.unfinished === "true" : barrier.dataset.status === status));
      barrier.hidden = !matches;
      if (matches) shown += 1;
    });
    document.querySelectorAll("#barrier-list .barrier-group").forEach(function (group) {
      group.hidden = !group.querySelector(".barrier:not([hidden])");
    });
    var empty = document.querySelector(".filter-empty");
    if (empty) empty.hidden = shown > 0;
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("#barrier-filters");
    if (!form) return;
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
      else params.delete(name);
    });
    var query = params.toString();
    history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : ""));
    applyFilters();
  });
  document.addEventListener("submit", function (event) {
    if (event.target.id === "barrier-filters") event.preventDefault();  // filtered as chosen
  });

  // --- The projector ------------------------------------------------------------------

  // Below the join code, "In the room" shows what fits whole, never a line cut in half:
  // the last names give way first, then the "Just joined" heading, and on a screen too
  // short even for its count, the whole of it.
  function fitPeople() {
    var card = document.querySelector(".join-card");
    var people = card && card.querySelector("#people");
    var summary = people && people.querySelector("#people-summary");
    if (!summary) return;
    var heading = summary.querySelector("h3");
    var names = Array.prototype.slice.call(summary.querySelectorAll(".recent-list li"));
    var parts = [people].concat(heading ? [heading] : [], names);
    parts.forEach(function (part) { part.classList.remove("is-overflow"); });
    var bottom = card.getBoundingClientRect().bottom - parseFloat(getComputedStyle(card).paddingBottom);
    function cut(part) { return part.getBoundingClientRect().bottom > bottom + 0.5; }
    for (var i = parts.length - 1; i > 0 && cut(parts[i]); i--) parts[i].classList.add("is-overflow");
    if (heading && names.every(function (name) { return !name.offsetParent; })) heading.classList.add("is-overflow");
    if (cut(people)) people.classList.add("is-overflow");
  }

  // The projector never scrolls: cards that do not fit are counted in "+ N more".
  function fitProjector() {
    if (!isProjector()) return;
    fitPeople();
    var stage = document.getElementById("stage");
    var list = stage && stage.querySelector(".present-cards");
    if (!list) return;
    var cards = Array.prototype.slice.call(list.children);
    cards.forEach(function (card) { card.classList.remove("is-overflow"); });
    // Show the first cards that fit whole: hide from the end while any is cut off.
    var bottom = list.getBoundingClientRect().bottom + 1;
    function cutOff() {
      return cards.some(function (card) {
        return !card.classList.contains("is-overflow") && card.getBoundingClientRect().bottom > bottom;
      });
    }
    var hidden = 0;
    // The first card always shows, even on a screen too small for it.
    while (hidden < cards.length - 1 && cutOff()) {
      cards[cards.length - 1 - hidden].classList.add("is-overflow");
      hidden += 1;
    }
    var more = stage.querySelector(".more-cards");
    if (more) {
      var total = hidden + Number(more.dataset.more || 0);
      more.textContent = total ? "+ " + total + " more card" + (total === 1 ? "" : "s") + " on everyone’s laptop" : "";
    }
  }
  window.addEventListener("resize", fitProjector);
  window.addEventListener("load", fitProjector);

  // --- The timer ----------------------------------------------------------------------

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
  document.addEventListener("DOMContentLoaded", function () {
    tickTimers();
    applyFilters();
    applySort();
    sortCards();
    fitProjector();
  });
})();
