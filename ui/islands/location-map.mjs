/*
 * The location map island (issue 16): draws the agency's tiles (config MAP_TILE_URL) around a cross in
 * the middle; a click or tap moves the clicked place under the cross, the arrow keys move the map, + and
 * - zoom, and the place under the cross fills the form's latitude and longitude fields (the server
 * validates them like any answer). No library: a few tiles in Web Mercator need none, and the page
 * policy allows no inline style attributes (styles here are set through the DOM, which it allows).
 * Without JavaScript the fields are typed in, or left empty beside the address.
 */
const TILE = 256;
const HEIGHT = 300;
const STEP = 64;
const MIN_ZOOM = 1;
const MAX_ZOOM = 19;

/** Degrees to world pixels at `zoom` (Web Mercator, the tile servers' projection). */
function project(latitude, longitude, zoom) {
  const size = TILE * 2 ** zoom;
  const sin = Math.sin((Math.max(-85, Math.min(85, latitude)) * Math.PI) / 180);
  return {
    x: ((longitude + 180) / 360) * size,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size,
  };
}

function unproject(x, y, zoom) {
  const size = TILE * 2 ** zoom;
  const longitude = (((((x / size) * 360) % 360) + 360) % 360) - 180;
  const latitude = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / size))) * 180) / Math.PI;
  return { latitude, longitude };
}

function element(tag, styles, attributes = {}) {
  const node = document.createElement(tag);
  Object.assign(node.style, styles);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function start(root) {
  const form = root.closest('form');
  const latitudeField = form && form.querySelector('input[name="latitude"]');
  const longitudeField = form && form.querySelector('input[name="longitude"]');
  if (!latitudeField || !longitudeField) return;
  const data = root.dataset;
  let zoom = Number(data.zoom);
  const given = { latitude: Number(latitudeField.value), longitude: Number(longitudeField.value) };
  const typed =
    latitudeField.value !== '' && longitudeField.value !== '' && Number.isFinite(given.latitude + given.longitude);
  let centre = project(
    typed ? given.latitude : Number(data.latitude),
    typed ? given.longitude : Number(data.longitude),
    zoom,
  );

  const hint = element('p', {}, { id: 'location-map-hint', class: 'usa-hint' });
  hint.textContent = data.hint;
  const view = element(
    'div',
    {
      position: 'relative',
      overflow: 'hidden',
      height: `${HEIGHT}px`,
      border: '1px solid #565c65',
      cursor: 'crosshair',
    },
    { tabindex: '0', role: 'group', 'aria-label': data.label, 'aria-describedby': 'location-map-hint' },
  );
  const tiles = element('div', { position: 'absolute', inset: '0' }, { 'aria-hidden': 'true' });
  // The cross: dark bars with a white edge, visible on any tile.
  const cross = element(
    'div',
    { position: 'absolute', left: '50%', top: '50%', pointerEvents: 'none' },
    { 'aria-hidden': 'true' },
  );
  for (const [width, height] of [
    [28, 4],
    [4, 28],
  ])
    cross.append(
      element('div', {
        position: 'absolute',
        width: `${width}px`,
        height: `${height}px`,
        left: `${-width / 2}px`,
        top: `${-height / 2}px`,
        background: '#1b1b1b',
        outline: '2px solid #ffffff',
      }),
    );
  view.append(tiles, cross);
  view.addEventListener('focus', () =>
    Object.assign(view.style, { outline: '0.25rem solid #2491ff', outlineOffset: '0' }),
  );
  view.addEventListener('blur', () => Object.assign(view.style, { outline: 'none' }));

  const buttons = element('div', { marginTop: '0.5rem' });
  const zoomIn = element('button', {}, { type: 'button', class: 'usa-button usa-button--outline' });
  zoomIn.textContent = data.zoomIn;
  const zoomOut = element('button', {}, { type: 'button', class: 'usa-button usa-button--outline' });
  zoomOut.textContent = data.zoomOut;
  buttons.append(zoomIn, zoomOut);
  const attribution = element('p', { fontSize: '0.875rem', margin: '0.25rem 0' });
  attribution.textContent = data.attribution;
  const status = element('p', { fontWeight: 'bold' }, { role: 'status' });
  root.append(hint, view, attribution, buttons, status);

  function draw() {
    const width = view.clientWidth || TILE;
    const left = centre.x - width / 2;
    const top = centre.y - HEIGHT / 2;
    const count = 2 ** zoom;
    const images = [];
    for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + HEIGHT) / TILE); ty += 1) {
      if (ty < 0 || ty >= count) continue;
      for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx += 1) {
        const x = ((tx % count) + count) % count;
        const src = data.tileUrl.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(ty));
        const image = element(
          'img',
          {
            position: 'absolute',
            left: `${tx * TILE - left}px`,
            top: `${ty * TILE - top}px`,
            width: `${TILE}px`,
            height: `${TILE}px`,
            maxWidth: 'none',
          },
          { alt: '', src, draggable: 'false' },
        );
        images.push(image);
      }
    }
    tiles.replaceChildren(...images);
  }

  function choose() {
    const place = unproject(centre.x, centre.y, zoom);
    latitudeField.value = place.latitude.toFixed(6);
    longitudeField.value = place.longitude.toFixed(6);
    status.textContent = data.set.replace('{lat}', latitudeField.value).replace('{lng}', longitudeField.value);
  }

  function setZoom(next) {
    const place = unproject(centre.x, centre.y, zoom);
    zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, next));
    centre = project(place.latitude, place.longitude, zoom);
    draw();
  }

  view.addEventListener('click', (event) => {
    const box = view.getBoundingClientRect();
    centre = {
      x: centre.x + event.clientX - box.left - box.width / 2,
      y: centre.y + event.clientY - box.top - HEIGHT / 2,
    };
    draw();
    choose();
  });
  view.addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] };
    const move = moves[event.key];
    if (move) {
      centre = { x: centre.x + move[0], y: centre.y + move[1] };
      draw();
      choose();
    } else if (event.key === '+' || event.key === '=') setZoom(zoom + 1);
    else if (event.key === '-') setZoom(zoom - 1);
    else return;
    event.preventDefault();
  });
  zoomIn.addEventListener('click', () => setZoom(zoom + 1));
  zoomOut.addEventListener('click', () => setZoom(zoom - 1));
  // A place typed into the fields moves the map to it.
  for (const field of [latitudeField, longitudeField])
    field.addEventListener('change', () => {
      const latitude = Number(latitudeField.value);
      const longitude = Number(longitudeField.value);
      if (latitudeField.value === '' || longitudeField.value === '' || !Number.isFinite(latitude + longitude)) return;
      centre = project(latitude, longitude, zoom);
      draw();
    });
  window.addEventListener('resize', draw);
  draw();
}

function startAll() {
  for (const root of document.querySelectorAll('[data-location-map]')) start(root);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startAll);
else startAll();
