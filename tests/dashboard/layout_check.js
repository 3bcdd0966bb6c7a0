// Finds text that overlaps other text or is cut off, on a rendered genesis-dashboard report.
// Text boxes are the real (rotated) rectangles of SVG <text> elements, mapped to the page with getScreenCTM,
// and the line boxes of HTML text; two boxes overlap when the separating-axis test finds no gap (1.5 px slack).
() => {
  const SLACK = 1.5;
  const shown = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentNode) {
      const style = getComputedStyle(node);
      if (style.display === "none" || style.visibility === "hidden" || style.opacity === "0") return false;
    }
    return true;
  };
  const svgQuad = (text) => {
    const box = text.getBBox();
    const matrix = text.getScreenCTM();
    if (!matrix || box.width < 1 || box.height < 1) return null;
    return [[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]]
      .map(([x, y]) => [matrix.a * x + matrix.c * y + matrix.e + scrollX, matrix.b * x + matrix.d * y + matrix.f + scrollY]);
  };
  const rectQuad = (r) => [[r.left + scrollX, r.top + scrollY], [r.right + scrollX, r.top + scrollY],
                           [r.right + scrollX, r.bottom + scrollY], [r.left + scrollX, r.bottom + scrollY]];
  const project = (quad, [ax, ay]) => {
    const values = quad.map(([x, y]) => x * ax + y * ay);
    return [Math.min(...values), Math.max(...values)];
  };
  const axes = (quad) => quad.map((point, i) => {
    const next = quad[(i + 1) % 4];
    const [dx, dy] = [next[0] - point[0], next[1] - point[1]];
    const length = Math.hypot(dx, dy) || 1;
    return [-dy / length, dx / length];
  }).slice(0, 2);
  const overlap = (a, b) => [...axes(a), ...axes(b)].every((axis) => {
    const [minA, maxA] = project(a, axis);
    const [minB, maxB] = project(b, axis);
    return Math.min(maxA, maxB) - Math.max(minA, minB) > SLACK;
  });
  const inside = (quad, frame) => quad.every(([x, y]) => x >= frame[0][0] - SLACK && x <= frame[2][0] + SLACK
                                                     && y >= frame[0][1] - SLACK && y <= frame[2][1] + SLACK);
  const boxes = [];
  const clipped = [];
  document.querySelectorAll(".js-plotly-plot").forEach((plot) => {
    const svg = plot.querySelector("svg.main-svg");
    if (!svg || !shown(plot)) return;
    const frame = rectQuad(svg.getBoundingClientRect());
    const section = plot.closest("section, .column-plot");
    if (section && !inside(frame, rectQuad(section.getBoundingClientRect()))) {
      clipped.push({ figure: plot.dataset.figure, text: "(the plot spills out of its box)" });
    }
    plot.querySelectorAll("svg.main-svg text").forEach((text) => {
      const content = text.textContent.trim();
      if (!content || !shown(text)) return;
      const quad = svgQuad(text);
      if (!quad) return;
      boxes.push({ owner: plot.dataset.figure, text: content, quad });
      if (!inside(quad, frame)) clipped.push({ figure: plot.dataset.figure, text: content });
    });
  });
  document.querySelectorAll("h1, h2, p, th, td, summary, .overall-box span, button, label").forEach((el) => {
    if (!shown(el) || el.closest(".js-plotly-plot")) return;
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== "visible") {
      clipped.push({ figure: el.tagName.toLowerCase(), text: el.textContent.trim().slice(0, 60) });
    }
    const range = document.createRange();
    range.selectNodeContents(el);
    Array.from(range.getClientRects()).forEach((r) => {
      if (r.width >= 1 && r.height >= 1) boxes.push({ owner: "html", text: el.textContent.trim().slice(0, 60), quad: rectQuad(r) });
    });
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.owner === "html" && b.owner === "html") continue;  // HTML text flows; only plots can draw over it
      if (overlap(a.quad, b.quad)) overlaps.push({ a: `${a.owner}: ${a.text}`, b: `${b.owner}: ${b.text}` });
    }
  }
  return { texts: boxes.length, overlaps, clipped };
}
