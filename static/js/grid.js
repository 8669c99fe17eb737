/* The 2x2: places goals from their data-x and data-y (from -1 to 1; empty while in the
   tray), and lets people move them by dragging (mouse, pen or touch) or with the arrow
   keys. Moves go to the server one at a time, in order, the latest only, at most ten a
   second while dragging; the drop is always sent last. Every screen,
   this one included, then shows the goal where the server says it is. */
(function () {
  "use strict";

  var STEP = 0.05;        // an arrow key's move
  var BIG_STEP = 0.25;    // with Shift
  var DRAG_FROM = 4;      // pixels the pointer travels before a press becomes a drag
  var MOVE_EVERY = 100;   // ms between moves sent while dragging (the server keeps no more)

  function plane() { return document.getElementById("goal-plane"); }
  function tray() { return document.getElementById("goal-tray"); }
  function onProjector() { return Boolean(document.querySelector(".present")); }
  function clamp(value) { return Math.max(-1, Math.min(1, value)); }
  function round(value) { return Math.round(value * 1000) / 1000; }

  function position(goal) {
    if (goal.dataset.x === "" || goal.dataset.y === "") return null;
    return { x: Number(goal.dataset.x), y: Number(goal.dataset.y) };
  }

  // --- Where a goal is drawn ------------------------------------------------------------

  function place(goal) {
    var at = position(goal);
    var home = at ? plane() : tray();
    if (home && goal.parentElement !== home) {
      relocating = true;
      home.appendChild(goal);
      relocating = false;
    }
    if (at) {
      // The note's centre is its place; near an edge, the note stays inside the grid.
      var width = home.clientWidth, height = home.clientHeight;
      var left = (at.x + 1) / 2 * width - goal.offsetWidth / 2;
      var top = (1 - at.y) / 2 * height - goal.offsetHeight / 2;
      goal.style.left = Math.max(0, Math.min(width - goal.offsetWidth, left)) + "px";
      goal.style.top = Math.max(0, Math.min(height - goal.offsetHeight, top)) + "px";
    } else {
      setPosition(goal, null);
    }
  }

  function setPosition(element, at) {
    element.style.left = at ? ((at.x + 1) / 2 * 100) + "%" : "";
    element.style.top = at ? ((1 - at.y) / 2 * 100) + "%" : "";
  }

  function layout() {
    if (!document.getElementById("goal-board")) return;
    document.querySelectorAll("#goal-board .goal").forEach(place);
    // The dots of a revealed silent round: everyone's placements and their centre.
    document.querySelectorAll(".mini-grid .dot").forEach(function (dot) {
      setPosition(dot, position(dot));
    });
  }

  // Said the same way as goals/selectors.py's describe().
  function lean(value, low, high) {
    if (Math.abs(value) < 0.1) return "midway between " + low + " and " + high;
    return (Math.abs(value) >= 0.5 ? "strongly " : "leaning ") + (value > 0 ? high : low);
  }

  function describe(at) {
    if (!at) return "Not placed yet";
    var text = lean(at.y, "back-stage", "front-stage") + ", " +
      lean(at.x, "business efficiency", "customer understanding");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function announce(text) {
    var region = document.getElementById("announce");
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  // --- Sending moves: one at a time, in order, the latest only --------------------------

  var senders = {};

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (error) { return ""; }
  }

  function send(goal, final) {
    var at = position(goal);
    var id = goal.id;
    var sender = senders[id] || (senders[id] = { busy: false, next: null, sentAt: 0 });
    sender.next = {
      url: goal.dataset.moveUrl,
      body: new URLSearchParams({ x: at ? at.x : "", y: at ? at.y : "", final: final ? "on" : "" }),
      final: final,
    };
    if (!sender.busy) flush(id);
  }

  function flush(id) {
    var sender = senders[id];
    var move = sender.next;
    if (!move) { sender.busy = false; delete senders[id]; settle(id); return; }
    sender.busy = true;
    var wait = MOVE_EVERY - (Date.now() - sender.sentAt);
    if (!move.final && wait > 0) {
      // Too soon after the last: send whichever move is latest by then.
      setTimeout(function () { flush(id); }, wait);
      return;
    }
    sender.next = null;
    sender.sentAt = Date.now();
    fetch(move.url, {
      method: "POST",
      body: move.body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          sender.next = null;
          document.dispatchEvent(new CustomEvent("roomRefused", {
            detail: { message: text.charAt(0) === "<" ? "" : text },
          }));
        });
      }
    }).catch(function () {
      sender.next = null;
      document.dispatchEvent(new CustomEvent("roomRefused", { detail: { message: "" } }));
    }).then(function () { flush(id); });
  }

  // --- Who is moving what on this screen ------------------------------------------------

  var moving = {};   // goal id -> true while this screen drags it or moves it by keyboard
  var latest = {};   // goal id -> the goal as last pushed while this screen was moving it
  var refocus = null;      // the goal whose handle had the focus when a push replaced it
  var relocating = false;  // a goal is being moved between the tray and the grid

  function startMoving(goal) { moving[goal.id] = true; }

  function stopMoving(goal) {
    send(goal, true);
    delete moving[goal.id];
  }

  // Once the last move has been answered, show what the server last pushed, if it
  // came while this screen was moving the goal (someone else's drop may be later).
  function settle(id) {
    var pushed = latest[id];
    delete latest[id];
    var goal = document.getElementById(id);
    if (!pushed || !goal || moving[id] || senders[id]) return;
    if (Number(pushed.dataset.moves) < Number(goal.dataset.moves)) return;
    var focused = goal.contains(document.activeElement);
    goal.replaceWith(pushed);
    htmx.process(pushed);  // its remove button posts through htmx like any other
    place(pushed);
    document.dispatchEvent(new CustomEvent("roomRedrawn"));  // room.js sets this person's dots
    if (focused) pushed.querySelector(".goal-handle").focus();
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList || !target.classList.contains("goal")) return;
    var incoming = event.detail.fragment && event.detail.fragment.querySelector
      ? event.detail.fragment.querySelector(".goal") : null;
    if (!incoming) return;
    if (moving[target.id] || senders[target.id]) {
      // Not under this person's pointer or keys: keep what they are doing.
      latest[target.id] = incoming;
      event.detail.shouldSwap = false;
    } else if (Number(incoming.dataset.moves) < Number(target.dataset.moves)) {
      event.detail.shouldSwap = false;  // an older move, overtaken on the way
    } else if (target.contains(document.activeElement)) {
      refocus = target.id;
    }
  });

  ["htmx:oobAfterSwap", "htmx:afterSwap", "htmx:wsAfterMessage"].forEach(function (name) {
    document.addEventListener(name, function () {
      layout();
      if (refocus) {
        var handle = document.querySelector("#" + refocus + " .goal-handle");
        refocus = null;
        if (handle) handle.focus();
      }
    });
  });

  function movable(goal) {
    // Locked, or held during a silent round (the facilitator while the room places,
    // participants while the facilitator settles): the server would refuse the move.
    return goal && !onProjector() && plane() && !goal.closest(".is-locked, .is-held") &&
      goal.closest("#goal-board");
  }

  // --- Dragging ---------------------------------------------------------------------------

  var drag = null;

  function pointAt(event) {
    var rect = plane().getBoundingClientRect();
    return {
      inside: event.clientX >= rect.left && event.clientX <= rect.right &&
        event.clientY >= rect.top && event.clientY <= rect.bottom,
      x: round(clamp((event.clientX - rect.left) / rect.width * 2 - 1)),
      y: round(clamp(1 - (event.clientY - rect.top) / rect.height * 2)),
    };
  }

  document.addEventListener("pointerdown", function (event) {
    var goal = event.target.closest && event.target.closest(".goal");
    if (!movable(goal) || event.button !== 0) return;
    if (event.target.closest("form, a, .goal-controls")) return;
    drag = {
      goal: goal, id: event.pointerId, startX: event.clientX, startY: event.clientY,
      started: false, from: position(goal), everInside: Boolean(position(goal)),
    };
    goal.setPointerCapture(event.pointerId);
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_FROM) return;
      drag.started = true;
      startMoving(drag.goal);
      drag.goal.classList.add("is-dragging");
    }
    event.preventDefault();
    var point = pointAt(event);
    drag.everInside = drag.everInside || point.inside;
    if (!drag.everInside) return;  // from the tray, it joins the grid once over it
    drag.goal.dataset.x = point.x;
    drag.goal.dataset.y = point.y;
    place(drag.goal);
    send(drag.goal, false);
  });

  function endDrag(event) {
    if (!drag || event.pointerId !== drag.id) return;
    var ended = drag;
    drag = null;
    ended.goal.classList.remove("is-dragging");
    if (ended.goal.hasPointerCapture(event.pointerId)) ended.goal.releasePointerCapture(event.pointerId);
    if (!ended.started) return;
    if (!ended.everInside) { delete moving[ended.goal.id]; return; }
    stopMoving(ended.goal);
    announce(describe(position(ended.goal)));
  }
  document.addEventListener("pointerup", endDrag);
  document.addEventListener("pointercancel", endDrag);

  // --- The keyboard ---------------------------------------------------------------------

  var KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

  document.addEventListener("keydown", function (event) {
    var handle = event.target.closest && event.target.closest(".goal-handle");
    var goal = handle && handle.closest(".goal");
    if (!movable(goal)) return;
    var step = KEYS[event.key];
    if (step) {
      event.preventDefault();
      var at = position(goal) || { x: 0, y: 0 };
      var size = event.shiftKey ? BIG_STEP : STEP;
      if (position(goal)) {
        at = { x: round(clamp(at.x + step[0] * size)), y: round(clamp(at.y + step[1] * size)) };
      }
      startMoving(goal);
      goal.dataset.x = at.x;
      goal.dataset.y = at.y;
      place(goal);
      handle.focus();
      send(goal, false);
      announce(describe(at));
    } else if ((event.key === "Enter" || event.key === "Escape") && moving[goal.id]) {
      event.preventDefault();
      stopMoving(goal);
      announce("Placed: " + describe(position(goal)));
    }
  });

  document.addEventListener("focusout", function (event) {
    var goal = event.target.closest && event.target.closest(".goal");
    if (relocating || !goal || !moving[goal.id] || drag) return;
    if (!goal.contains(event.relatedTarget)) stopMoving(goal);
  });

  // The goal editor's Cancel: close it, nothing sent.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-close-editor]");
    if (!cancel) return;
    var editor = document.getElementById("goal-editor");
    if (editor) editor.innerHTML = "";
  });

  document.addEventListener("DOMContentLoaded", layout);
  window.addEventListener("resize", layout);
})();
