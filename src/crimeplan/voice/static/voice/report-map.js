// The report form's map: shown only when JavaScript runs. A click (or tap) on the map puts
// the point's latitude and longitude into the form's hidden fields; without JavaScript the
// form asks for a place name instead, so nothing depends on this script. What it says comes
// from the page (`data-chosen`), in the page's language.
const figure = document.querySelector("[data-voice-map]");
if (figure) {
  const svg = figure.querySelector("svg");
  const marker = svg.querySelector("[data-marker]");
  const latitude = document.getElementById("id_latitude");
  const longitude = document.getElementById("id_longitude");
  const status = figure.querySelector("[data-map-status]");
  const west = Number(svg.dataset.west);
  const north = Number(svg.dataset.north);
  const scale = Number(svg.dataset.scale);
  const aspect = Number(svg.dataset.aspect);
  figure.hidden = false;
  svg.addEventListener("click", (event) => {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const local = point.matrixTransform(svg.getScreenCTM().inverse());
    const lng = west + local.x / (scale * aspect);
    const lat = north - local.y / scale;
    latitude.value = lat.toFixed(6);
    longitude.value = lng.toFixed(6);
    marker.setAttribute("cx", local.x);
    marker.setAttribute("cy", local.y);
    marker.setAttribute("visibility", "visible");
    status.textContent = status.dataset.chosen;
  });
}
