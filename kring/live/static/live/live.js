// The live meeting room: one websocket for the clock state, a countdown computed from
// that state (never from local timers alone), and fragment refreshes when something
// changes. Everything on the page also works as plain forms without this script.
(() => {
  "use strict";
  const room = document.getElementById("live-room");
  if (!room) return;

  const clock = document.getElementById("live-clock");
  const title = document.getElementById("live-block-title");
  const pausedBadge = document.getElementById("live-paused");
  const connection = document.getElementById("live-connection");
  const errors = document.getElementById("live-errors");
  const initial = document.getElementById("live-state");
  let state = initial ? JSON.parse(initial.textContent) : null;
  let offset = state ? state.server_now - Date.now() : 0; // server clock minus ours
  let socket = null;
  let retry = 0;
  let ticks = 0;

  if (window.htmx) {
    // Our views answer a refused change with 422 and a short message to show.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
    ];
  }

  function pad(n) { return String(n).padStart(2, "0"); }

  function format(seconds) {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "--:--";
    const sign = seconds < 0 ? "-" : "";
    let s = Math.abs(seconds);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return h ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${pad(m)}:${pad(s)}`;
  }

  function remaining() {
    if (!state || state.ends_at === null) return null;
    if (state.paused) return state.remaining;
    return Math.round((state.ends_at - (Date.now() + offset)) / 1000);
  }

  function render() {
    const left = remaining();
    clock.textContent = format(left);
    clock.dataset.paused = state && state.paused ? "true" : "false";
    clock.dataset.overtime = left !== null && left < 0 ? "true" : "false";
    ticks += 1;
    clock.dataset.ticks = String(ticks);
  }

  async function refresh(which) {
    const target = document.getElementById(which === "block" ? "live-block" : "live-feed");
    const url = which === "block" ? room.dataset.blockUrl : room.dataset.feedUrl;
    const response = await fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" });
    if (!response.ok) return;
    target.innerHTML = await response.text();
    if (window.htmx) htmx.process(target);
    if (which === "block") showPaused(); // the fragment may be older than the last state
  }

  // The badge, and either Pause or Resume (never both), follow the clock state.
  function showPaused() {
    const paused = Boolean(state && state.paused);
    pausedBadge.hidden = !paused;
    document.querySelectorAll("[data-live-control] button[value=pause]").forEach((b) => { b.hidden = paused; });
    document.querySelectorAll("[data-live-control] button[value=resume]").forEach((b) => { b.hidden = !paused; });
  }

  async function apply(message) {
    const before = state;
    offset = message.server_now - Date.now();
    state = message;
    const blockId = message.block ? message.block.id : null;
    const changed = !before || (before.block ? before.block.id : null) !== blockId || before.status !== message.status;
    title.textContent = message.block ? message.block.title : title.textContent;
    showPaused();
    render();
    if (changed) {
      await Promise.all([refresh("block"), refresh("feed")]);
      room.dataset.blockId = blockId || "";
      room.dataset.blockSeenAt = String(Date.now());
    } else if (!before || before.version !== message.version) {
      await refresh("feed"); // the agenda or roles may have changed
    }
  }

  function showPresence(names) {
    const list = document.getElementById("live-presence");
    if (!list) return;
    list.replaceChildren(...names.map((name) => {
      const item = document.createElement("li");
      item.textContent = name;
      return item;
    }));
  }

  function showErrors(messages) {
    const list = document.createElement("ul");
    list.className = "errors";
    list.setAttribute("role", "alert");
    messages.forEach((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    errors.replaceChildren(list);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + room.dataset.socket);
    socket.addEventListener("open", () => {
      retry = 0;
      connection.textContent = "";
      room.dataset.connected = "true";
    });
    socket.addEventListener("message", (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "state") apply(message);
      else if (message.type === "content") refresh("feed");
      else if (message.type === "presence") showPresence(message.online || []);
      else if (message.type === "error") showErrors(message.messages || []);
    });
    socket.addEventListener("close", (event) => {
      room.dataset.connected = "false";
      if (event.code === 4403) return; // refused: reconnecting will not help
      connection.textContent = room.dataset.reconnecting || "…";
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * 2 ** retry);
    });
  }

  // The chair's controls go over the socket when it is open; otherwise the form posts.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("[data-live-control]") || !socket || socket.readyState !== WebSocket.OPEN) return;
    event.preventDefault();
    const button = event.submitter;
    const message = { action: button ? button.value : "" };
    const minutes = form.querySelector("input[name=minutes]");
    if (message.action === "extend" && minutes) message.minutes = parseInt(minutes.value, 10);
    const block = form.querySelector("input[name=block]");
    if (block) message.block = block.value;
    errors.replaceChildren();
    socket.send(JSON.stringify(message));
  });

  // A note, advice or vote that was saved: empty the form (the feed refreshes by itself).
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !event.detail.successful) return;
    if (event.detail.xhr.status === 204) {
      if (form.matches("[data-live-form]") && !["action", "yield", "edit"].includes(form.dataset.kind)) form.reset();
      const status = form.querySelector(".form-status");
      if (status) status.replaceChildren();
      errors.replaceChildren();
      if (form.querySelector("input[name=kind][value=confirm]")) refresh("block");
    }
  });

  setInterval(render, 250);
  setInterval(() => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ action: "ping" }));
  }, 30000);
  render();
  connect();
})();
