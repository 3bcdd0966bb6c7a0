/* genesis-dashboard page logic: draw figures when they scroll into view, paginate column plots, draw
   everything for printing (genesisDashboard.renderAll), and apply updates pushed over a WebSocket. */
(function () {
  "use strict";
  var state = { figures: readJson("genesis-figures") || {}, page: 0, filter: "", observer: null };
  // A short toolbar (download, zoom, pan, reset), shown on hover only and never printed (see dashboard.css).
  var plotConfig = {
    displaylogo: false, responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d", "toggleSpikelines",
                             "hoverClosestCartesian", "hoverCompareCartesian"]
  };

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw(element) {
    var figure = state.figures[element.dataset.figure];
    if (!figure) { return Promise.resolve(null); }
    element.dataset.rendered = "true";
    // The box is as tall as the figure: responsive resizing (a window resize, printing) then fills the box
    // instead of shrinking it under a plot that keeps its height and spills over the next element.
    if (figure.layout && figure.layout.height) { element.style.height = figure.layout.height + "px"; }
    return Plotly.react(element, figure.data, figure.layout || {}, plotConfig);
  }

  function observeFigures() {
    if (state.observer) { state.observer.disconnect(); }
    state.observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { state.observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "400px" });
    document.querySelectorAll("[data-figure]").forEach(function (element) { state.observer.observe(element); });
  }

  function showColumns() {
    var needle = state.filter.toLowerCase();
    document.querySelectorAll(".column-plot").forEach(function (element) {
      var visible = needle ? element.dataset.column.toLowerCase().indexOf(needle) >= 0
                           : Number(element.dataset.page) === state.page;
      element.hidden = !visible;
    });
    document.querySelectorAll("[data-page-button]").forEach(function (button) {
      var current = !needle && Number(button.dataset.pageButton) === state.page;
      if (current) { button.setAttribute("aria-current", "page"); } else { button.removeAttribute("aria-current"); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-page-button]");
    if (button) { state.page = Number(button.dataset.pageButton); showColumns(); }
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "column-filter") { state.filter = event.target.value; showColumns(); }
  });

  function renderAll() {
    document.body.classList.add("print-all");
    document.querySelectorAll("details").forEach(function (details) { details.open = true; });
    document.querySelectorAll(".column-plot").forEach(function (element) { element.hidden = false; });
    if (state.observer) { state.observer.disconnect(); }
    var elements = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
    return Promise.all(elements.map(draw)).then(function () {
      return document.querySelectorAll("[data-figure] .main-svg").length > 0 ? elements.length : 0;
    });
  }

  function applyUpdate(message) {
    state.figures = message.figures;
    document.getElementById("report").innerHTML = message.body;
    document.getElementById("genesis-metrics").textContent = JSON.stringify(message.metrics);
    document.body.dataset.version = String(message.version);
    var filter = document.getElementById("column-filter");
    if (filter) { filter.value = state.filter; }
    showColumns();
    observeFigures();
  }

  function connect(path) {
    var status = document.getElementById("live-status");
    var delay = 500;
    function setStatus(text, kind) { if (status) { status.textContent = text; status.className = "live-status " + kind; } }
    function open() {
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      var socket = new WebSocket(scheme + location.host + path + "?version=" + document.body.dataset.version);
      socket.onopen = function () { delay = 500; setStatus("live", "live"); };
      socket.onmessage = function (event) {
        var message = JSON.parse(event.data);
        if (message.type === "update") { applyUpdate(message); }
      };
      socket.onclose = function () {
        setStatus("reconnecting…", "offline");
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      };
    }
    open();
  }

  window.genesisDashboard = { renderAll: renderAll, draw: draw };
  showColumns();
  observeFigures();
  var live = readJson("genesis-live");
  if (live) { connect(live.path); }
})();
