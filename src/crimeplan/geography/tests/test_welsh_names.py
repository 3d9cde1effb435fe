"""Districts in Wales carry ONS's Welsh name, from the districts file or the boundaries, and
a page in Welsh shows it."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from crimeplan.geography import loader
from crimeplan.geography.models import District

pytestmark = pytest.mark.django_db
SHARED = Path(settings.CRIMEPLAN_SHARED_DATA)
WELSH_TOO = [("en-gb", "English"), ("cy", "Cymraeg")]
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-4.3, 52.2], [-4.0, 52.2], [-4.0, 52.4], [-4.3, 52.4], [-4.3, 52.2]]],
}


def _load_dyfed_powys(tmp_path: Path) -> None:
    districts = tmp_path / "dyfed-powys.csv"
    districts.write_text(
        "LSOA21CD,LSOA21NM,LAD22CD,LAD22NM,LAD22NMW,usual_residents_2021\n"
        "W01000501,Carmarthenshire 001A,W06000010,Carmarthenshire,Sir Gaerfyrddin,1500\n"
        "W01000502,Ceredigion 001A,W06000008,Ceredigion,,1600\n"
        "W01000503,Powys 001A,W06000023,Powys,,1700\n",
        encoding="utf-8",
    )
    boundaries = tmp_path / "boundaries.geojson"
    boundaries.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        # No Welsh name in the districts file: the boundary's is taken.
                        "properties": {"LAD24CD": "W06000008", "LAD24NMW": "Ceredigion"},
                        "geometry": SQUARE,
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    loader.run(
        shared_data=SHARED,
        force_id="dyfed-powys",
        districts_file=districts,
        boundaries_file=boundaries,
    )


def test_welsh_names_come_from_the_districts_file_or_the_boundaries(tmp_path: Path) -> None:
    _load_dyfed_powys(tmp_path)
    welsh = District.objects.filter(force__police_uk_id="dyfed-powys")
    names = dict(welsh.values_list("code", "name_cy"))
    assert names == {"W06000010": "Sir Gaerfyrddin", "W06000008": "Ceredigion", "W06000023": ""}
    # Loading again changes nothing.
    _load_dyfed_powys(tmp_path)
    assert dict(welsh.values_list("code", "name_cy")) == names


def test_a_welsh_name_too_long_to_hold_is_refused_naming_the_line(tmp_path: Path) -> None:
    districts = tmp_path / "dyfed-powys.csv"
    districts.write_text(
        "LSOA21CD,LSOA21NM,LAD22CD,LAD22NM,LAD22NMW,usual_residents_2021\n"
        f"W01000501,Carmarthenshire 001A,W06000010,Carmarthenshire,{'=1+2' * 40},1500\n",
        encoding="utf-8",
    )
    before = list(District.objects.values_list("code", "name", "name_cy"))
    with pytest.raises(loader.ReferenceDataError) as error:
        loader.run(shared_data=SHARED, force_id="dyfed-powys", districts_file=districts)
    assert f"{districts}, line 2, field 'LAD22NMW': a name of 160 characters" in str(error.value)
    assert list(District.objects.values_list("code", "name", "name_cy")) == before


def test_a_district_is_named_in_the_pages_language(tmp_path: Path) -> None:
    _load_dyfed_powys(tmp_path)
    carmarthenshire = District.objects.get(code="W06000010")
    powys = District.objects.get(code="W06000023")
    with translation.override("cy"):
        assert str(carmarthenshire) == "Sir Gaerfyrddin"
        assert str(powys) == "Powys"  # no Welsh name held: the English one
    with translation.override("en-gb"):
        assert str(carmarthenshire) == "Carmarthenshire"


@override_settings(LANGUAGES=WELSH_TOO)
def test_the_public_hotspot_page_in_welsh_names_districts_in_welsh(client, tmp_path: Path) -> None:
    _load_dyfed_powys(tmp_path)
    client.get(reverse("site:language", args=["cy"]))
    page = client.get(reverse("voice:published_hotspots")).content.decode()
    assert "Sir Gaerfyrddin" in page and "Carmarthenshire" not in page
    client.get(reverse("site:language", args=["en-gb"]))
    page = client.get(reverse("voice:published_hotspots")).content.decode()
    assert "Carmarthenshire" in page and "Sir Gaerfyrddin" not in page
