/* The 2x2, on every board that has one (the goals grid, the recipes' value and effort):
   places each `.grid-item` of a `.grid-board` from its data-x and data-y (from -1 to 1;
   empty while in the board's `.grid-tray-list`) on the board's `.grid-plane`, and lets
   people move it by dragging (mouse, pen or touch) or with the arrow keys on its
   `.grid-handle`. Moves go to the server (the item's data-move-url) one at a time, in
   order, the latest only, at most ten a second while dragging; the drop is always sent
   last. Every screen, this one included, then shows the item where the server says it
   is. The plane's data-axes names its ends, as a screen reader hears them:
   "low y,high y,low x,high x". Where the stylesheet asks for it (the projector, a
   phone), items are drawn as markers with labels that avoid each other (see "A crowded
   2x2" below). */
(function () {
  "use strict";

  var STEP = 0.05;        // an arrow key's move
  var BIG_STEP = 0.25;    // with Shift
  var DRAG_FROM = 4;      // pixels the pointer travels before a press becomes a drag
  var MOVE_EVERY = 100;   // ms between moves sent while dragging (the server keeps no more)

  function board(item) { return item.closest(".grid-board"); }
  function plane(item) { var home = board(item); return home && home.querySelector(".grid-plane"); }
  function tray(item) { var home = board(item); return home && home.querySelector(".grid-tray-list"); }
  function onProjector() { return Boolean(document.querySelector(".present")); }
  function clamp(value) { return Math.max(-1, Math.min(1, value)); }
  function round(value) { return Math.round(value * 1000) / 1000; }

  function position(item) {
    if (item.dataset.x === "" || item.dataset.y === "") return null;
    return { x: Number(item.dataset.x), y: Number(item.dataset.y) };
  }

  // --- Where an item is drawn ------------------------------------------------------------

  function place(item) {
    var at = position(item);
    var home = at ? plane(item) : tray(item);
    if (home && item.parentElement !== home) {
      relocating = true;
      home.appendChild(item);
      relocating = false;
    }
    if (at && home.classList.contains("has-markers")) {
      // Beside its marker, until labelPlane() finds the side where the label fits best.
      var spot = point(home, at);
      if (item.classList.contains("is-unlabelled")) putMarker(item, spot, markerRadius(home));
      else putLabel(item, spot, clampInside(home, labelSpots(item, spot, markerRadius(home))[0]));
    } else if (at) {
      // The note's centre is its place; near an edge, the note stays inside the grid.
      var width = home.clientWidth, height = home.clientHeight;
      var left = (at.x + 1) / 2 * width - item.offsetWidth / 2;
      var top = (1 - at.y) / 2 * height - item.offsetHeight / 2;
      item.style.left = Math.max(0, Math.min(width - item.offsetWidth, left)) + "px";
      item.style.top = Math.max(0, Math.min(height - item.offsetHeight, top)) + "px";
    } else {
      setPosition(item, null);
    }
  }

  function setPosition(element, at) {
    element.style.left = at ? ((at.x + 1) / 2 * 100) + "%" : "";
    element.style.top = at ? ((1 - at.y) / 2 * 100) + "%" : "";
  }

  // --- A crowded 2x2: markers, and labels that avoid each other ---------------------------
  // Where the stylesheet says so (--grid-labels: around, on the projector and a phone),
  // an item is drawn as a marker at its place with its words in a label beside it, on
  // whichever side the label covers no other label, marker or caption. An item whose
  // label fits nowhere shows as its marker alone ("is-unlabelled"); the projector counts
  // those, and the items not placed yet, in the board's "+ N more" line.

  function point(home, at) {
    return { x: (at.x + 1) / 2 * home.clientWidth, y: (1 - at.y) / 2 * home.clientHeight };
  }

  function markerRadius(home) {
    return (parseFloat(getComputedStyle(home).getPropertyValue("--marker")) || 14) / 2;
  }

  function putMarker(item, spot, radius) {
    item.style.left = (spot.x - radius) + "px";
    item.style.top = (spot.y - radius) + "px";
    item.style.setProperty("--mx", radius + "px");
    item.style.setProperty("--my", radius + "px");
  }

  function putLabel(item, spot, box) {
    item.style.left = box.left + "px";
    item.style.top = box.top + "px";
    item.style.setProperty("--mx", (spot.x - box.left) + "px");
    item.style.setProperty("--my", (spot.y - box.top) + "px");
  }

  // The label's boxes to try, best first: right of the marker, left, above, below, the
  // four corners, then each side again slid along it, always touching the marker.
  function labelSpots(item, spot, radius) {
    var width = item.offsetWidth, height = item.offsetHeight, gap = 4, corner = radius * 0.7;
    var right = radius + gap, left = -radius - gap - width, above = -radius - gap - height, below = radius + gap;
    return [
      [right, -height / 2], [left, -height / 2], [-width / 2, above], [-width / 2, below],
      [corner, -corner - height], [corner, corner], [-corner - width, -corner - height], [-corner - width, corner],
      [right, -radius], [right, radius - height], [left, -radius], [left, radius - height],
      [-radius, above], [radius - width, above], [-radius, below], [radius - width, below],
    ].map(function (offset) {
      var left = spot.x + offset[0], top = spot.y + offset[1];
      return { left: left, top: top, right: left + width, bottom: top + height };
    });
  }

  function clampInside(home, box) {
    var width = box.right - box.left, height = box.bottom - box.top;
    var left = Math.max(0, Math.min(home.clientWidth - width, box.left));
    var top = Math.max(0, Math.min(home.clientHeight - height, box.top));
    return { left: left, top: top, right: left + width, bottom: top + height };
  }

  function overlaps(a, b) {
    return a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  }

  function boxIn(home, element) {
    var outer = home.getBoundingClientRect(), inner = element.getBoundingClientRect();
    return {
      left: inner.left - outer.left, top: inner.top - outer.top,
      right: inner.right - outer.left, bottom: inner.bottom - outer.top,
    };
  }

  function dots(item) {
    var total = item.querySelector(".dot-total");
    return total ? Number(total.dataset.dots) || 0 : 0;
  }

  function number(item) { return Number(item.id.replace(/\D/g, "")) || 0; }

  function labelPlane(home) {
    var radius = markerRadius(home);
    var items = Array.prototype.filter.call(home.querySelectorAll(".grid-item"), position);
    // The most voted first, then the oldest: the same labels win on every screen.
    items.sort(function (a, b) { return dots(b) - dots(a) || number(a) - number(b); });
    var spots = items.map(function (item) { return point(home, position(item)); });
    var markers = spots.map(function (spot) {
      return { left: spot.x - radius, top: spot.y - radius, right: spot.x + radius, bottom: spot.y + radius };
    });
    // A phone's grid is too small to keep its quadrants' captions clear as well.
    var marks = home.querySelectorAll(onProjector() ? ".axis-label, .quadrant" : ".axis-label");
    var taken = Array.prototype.map.call(marks, function (mark) {
      return boxIn(home, mark);
    });
    items.forEach(function (item, index) {
      item.classList.remove("is-unlabelled");
      var spotsToTry = labelSpots(item, spots[index], radius);
      if (moving[item.id]) {
        // What someone is moving on this screen keeps its label, beside their pointer.
        var held = clampInside(home, spotsToTry[0]);
        taken.push(held);
        putLabel(item, spots[index], held);
        return;
      }
      var free = spotsToTry.filter(function (box) {
        return box.left >= 0 && box.top >= 0 && box.right <= home.clientWidth && box.bottom <= home.clientHeight &&
          !taken.some(function (other) { return overlaps(box, other); }) &&
          !markers.some(function (other, at) { return at !== index && overlaps(box, other); });
      })[0];
      if (free) {
        taken.push(free);
        putLabel(item, spots[index], free);
      } else {
        item.classList.add("is-unlabelled");
        putMarker(item, spots[index], radius);
      }
    });
    var more = board(home) && board(home).querySelector(".grid-more");
    if (more) {
      var unlabelled = home.querySelectorAll(".grid-item.is-unlabelled").length;
      var waiting = board(home).querySelectorAll(".grid-tray-list .grid-item").length;
      var parts = [];
      if (unlabelled) parts.push("+ " + unlabelled + " more shown as dots");
      if (waiting) parts.push(waiting + " not placed yet");
      more.textContent = parts.length ? parts.join(" · ") + ", every one on everyone’s laptop" : "";
    }
  }

  function layout() {
    document.querySelectorAll(".grid-board .grid-plane").forEach(function (home) {
      home.classList.toggle("has-markers", getComputedStyle(home).getPropertyValue("--grid-labels").trim() === "around");
    });
    document.querySelectorAll(".grid-board .grid-item").forEach(place);
    document.querySelectorAll(".grid-plane.has-markers").forEach(labelPlane);
    // The dots of a revealed silent round: everyone's placements and their centre.
    document.querySelectorAll(".mini-grid .dot").forEach(function (dot) {
      setPosition(dot, position(dot));
    });
  }

  // Said the same way as the server's describe() (goals/selectors.py).
  function lean(value, low, high) {
    if (Math.abs(value) < 0.1) return "midway between " + low + " and " + high;
    return (Math.abs(value) >= 0.5 ? "strongly " : "leaning ") + (value > 0 ? high : low);
  }

  function describe(item, at) {
    if (!at) return "Not placed yet";
    var axes = (plane(item).dataset.axes || "low,high,low,high").split(",");
    var text = lean(at.y, axes[0], axes[1]) + ", " + lean(at.x, axes[2], axes[3]);
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

  function send(item, final) {
    var at = position(item);
    var id = item.id;
    var sender = senders[id] || (senders[id] = { busy: false, next: null, sentAt: 0 });
    sender.next = {
      url: item.dataset.moveUrl,
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

  var moving = {};   // item id -> true while this screen drags it or moves it by keyboard
  var latest = {};   // item id -> the item as last pushed while this screen was moving it
  var refocus = null;      // the item whose handle had the focus when a push replaced it
  var relocating = false;  // an item is being moved between the tray and the grid

  function startMoving(item) { moving[item.id] = true; }

  function stopMoving(item) {
    send(item, true);
    delete moving[item.id];
  }

  // Once the last move has been answered, show what the server last pushed, if it
  // came while this screen was moving the item (someone else's drop may be later).
  function settle(id) {
    var pushed = latest[id];
    delete latest[id];
    var item = document.getElementById(id);
    if (!pushed || !item || moving[id] || senders[id]) return;
    if (Number(pushed.dataset.moves) < Number(item.dataset.moves)) return;
    var focused = item.contains(document.activeElement);
    item.replaceWith(pushed);
    htmx.process(pushed);  // its remove button posts through htmx like any other
    place(pushed);
    if (plane(pushed) && plane(pushed).classList.contains("has-markers")) labelPlane(plane(pushed));
    document.dispatchEvent(new CustomEvent("roomRedrawn"));  // room.js sets this person's dots
    if (focused) pushed.querySelector(".grid-handle").focus();
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList || !target.classList.contains("grid-item")) return;
    var incoming = event.detail.fragment && event.detail.fragment.querySelector
      ? event.detail.fragment.querySelector(".grid-item") : null;
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

  // After settling too: htmx then puts back the attributes the server drew on elements
  // that kept their id (a room fetched again on reconnecting), places included.
  ["htmx:oobAfterSwap", "htmx:afterSwap", "htmx:afterSettle", "htmx:wsAfterMessage"].forEach(function (name) {
    document.addEventListener(name, function () {
      layout();
      if (refocus) {
        var handle = document.querySelector("#" + refocus + " .grid-handle");
        refocus = null;
        if (handle) handle.focus();
      }
    });
  });

  function movable(item) {
    // Locked, or held during a silent round (the facilitator while the room places,
    // participants while the facilitator settles): the server would refuse the move.
    return item && !onProjector() && board(item) && plane(item) &&
      !item.closest(".is-locked, .is-held");
  }

  // --- Dragging ---------------------------------------------------------------------------

  var drag = null;

  function pointAt(event, item) {
    var rect = plane(item).getBoundingClientRect();
    return {
      inside: event.clientX >= rect.left && event.clientX <= rect.right &&
        event.clientY >= rect.top && event.clientY <= rect.bottom,
      x: round(clamp((event.clientX - rect.left) / rect.width * 2 - 1)),
      y: round(clamp(1 - (event.clientY - rect.top) / rect.height * 2)),
    };
  }

  document.addEventListener("pointerdown", function (event) {
    var item = event.target.closest && event.target.closest(".grid-item");
    if (!movable(item) || event.button !== 0) return;
    if (event.target.closest("form, a, .grid-controls")) return;
    drag = {
      item: item, id: event.pointerId, startX: event.clientX, startY: event.clientY,
      started: false, from: position(item), everInside: Boolean(position(item)),
    };
    item.setPointerCapture(event.pointerId);
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_FROM) return;
      drag.started = true;
      startMoving(drag.item);
      drag.item.classList.add("is-dragging");
    }
    event.preventDefault();
    var point = pointAt(event, drag.item);
    drag.everInside = drag.everInside || point.inside;
    if (!drag.everInside) return;  // from the tray, it joins the grid once over it
    drag.item.dataset.x = point.x;
    drag.item.dataset.y = point.y;
    place(drag.item);
    send(drag.item, false);
  });

  function endDrag(event) {
    if (!drag || event.pointerId !== drag.id) return;
    var ended = drag;
    drag = null;
    ended.item.classList.remove("is-dragging");
    if (ended.item.hasPointerCapture(event.pointerId)) ended.item.releasePointerCapture(event.pointerId);
    if (!ended.started) return;
    if (!ended.everInside) { delete moving[ended.item.id]; return; }
    stopMoving(ended.item);
    announce(describe(ended.item, position(ended.item)));
  }
  document.addEventListener("pointerup", endDrag);
  document.addEventListener("pointercancel", endDrag);

  // --- The keyboard ---------------------------------------------------------------------

  var KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

  document.addEventListener("keydown", function (event) {
    var handle = event.target.closest && event.target.closest(".grid-handle");
    var item = handle && handle.closest(".grid-item");
    if (!movable(item)) return;
    var step = KEYS[event.key];
    if (step) {
      event.preventDefault();
      var at = position(item) || { x: 0, y: 0 };
      var size = event.shiftKey ? BIG_STEP : STEP;
      if (position(item)) {
        at = { x: round(clamp(at.x + step[0] * size)), y: round(clamp(at.y + step[1] * size)) };
      }
      startMoving(item);
      item.dataset.x = at.x;
      item.dataset.y = at.y;
      place(item);
      handle.focus();
      send(item, false);
      announce(describe(item, at));
    } else if ((event.key === "Enter" || event.key === "Escape") && moving[item.id]) {
      event.preventDefault();
      stopMoving(item);
      announce("Placed: " + describe(item, position(item)));
    }
  });

  document.addEventListener("focusout", function (event) {
    var item = event.target.closest && event.target.closest(".grid-item");
    if (relocating || !item || !moving[item.id] || drag) return;
    if (!item.contains(event.relatedTarget)) stopMoving(item);
  });

  // A marker without its label says its words when tapped or clicked.
  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest(".is-unlabelled");
    var handle = item && item.querySelector(".grid-handle");
    if (handle && event.target !== handle) handle.focus();
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
