"""The server-drawn maps: district names on them, escaped as text whatever they hold."""

import xml.etree.ElementTree as ET

import h3

from crimeplan.voice import maps
from crimeplan.voice.hotspots import CellResult

SVG = "{http://www.w3.org/2000/svg}"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.2, 51.8], [-2.0, 51.8], [-2.0, 51.95], [-2.2, 51.95], [-2.2, 51.8]]],
}
CRESCENT = {  # a U shape, whose centroid lies outside it
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]],
    ],
}


def test_each_district_is_named_inside_itself_and_its_name_is_text() -> None:
    name = 'Tewkesbury & "<Forest>"'
    cell = h3.latlng_to_cell(51.87, -2.1, 8)
    lat, lng = h3.cell_to_latlng(cell)
    svg = maps.hotspot_map(
        key="k",
        areas=[(name, SQUARE)],
        cells=[CellResult(cell, 6, 3.0, 0.001, True, 1.0, lat, lng)],
        title="Map <title>",
        description="6 & more",
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own drawing; well-formed: every name escaped
    assert [t.text for t in root.iter(f"{SVG}text")] == [name]
    assert root.find(f"{SVG}title").text == "Map <title>"
    # The name is drawn before the cells, so that it never hides one.
    children = [child.tag.removeprefix(SVG) for child in root]
    assert children.index("text") < len(children) - 1 and children[-1] == "path"


def test_a_name_sits_inside_a_shape_whose_centre_is_outside_it() -> None:
    projection = maps.projection_for([CRESCENT])
    names = maps.place_names(projection, [("U", CRESCENT)])
    text = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{names}</svg>')  # noqa: S314
    label = next(text.iter(f"{SVG}text"))
    x, y = float(label.get("x")), float(label.get("y"))
    # Back from the map's units to degrees: not in the gap between the arms (1 < x < 2, y > 1).
    lng = projection.west + x / (projection.aspect * projection.scale)
    lat = projection.north - y / projection.scale
    assert not (1 < lng < 2 and lat > 1)
