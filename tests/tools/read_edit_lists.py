"""Reads an edit list back with the real tools and prints what they saw as JSON.

    python tests/tools/read_edit_lists.py otio|otioz|edl|fcpxml FILE NUM/DEN [EXTRACT_DIR]

otio, otioz and edl are read by OpenTimelineIO (the pinned release in
native-models/requirements.txt; EDLs through its cmx_3600 adapter plugin); fcpxml is
parsed by Python's ElementTree and its timing attributes are listed as written. The test
(tests/integration/edit-lists.test.ts) makes the assertions; this script only reports.
"""
import json
import sys
import xml.etree.ElementTree as ET
import zipfile

import opentimelineio as otio


def frames(t, rate):
    """A RationalTime as a frame count at `rate` (exact for whole frames)."""
    return t.rescaled_to(rate).value


def dump_timeline(timeline, rate):
    tracks = []
    for track in timeline.tracks:
        items = []
        for item in track:
            entry = {"schema": item.schema_name(), "name": item.name}
            if isinstance(item, otio.schema.Clip):
                ref = item.media_reference
                entry["source_range"] = [frames(item.source_range.start_time, rate), frames(item.source_range.duration, rate)]
                entry["source_rate"] = item.source_range.duration.rate
                rng = item.range_in_parent()
                entry["range_in_parent"] = [frames(rng.start_time, rate), frames(rng.duration, rate)]
                entry["media"] = {"schema": ref.schema_name(), "target_url": getattr(ref, "target_url", None)}
                if getattr(ref, "target_url", None):
                    entry["media"]["path"] = otio.url_utils.filepath_from_url(ref.target_url)
                if isinstance(ref, otio.schema.GeneratorReference):
                    entry["media"]["generator_kind"] = ref.generator_kind
                entry["metadata"] = json.loads(otio.core.serialize_json_to_string(item.metadata))
                entry["markers"] = [{
                    "name": m.name, "comment": m.comment, "color": m.color,
                    "start": frames(m.marked_range.start_time, rate),
                    "metadata": json.loads(otio.core.serialize_json_to_string(m.metadata)),
                } for m in item.markers]
            else:
                rng = item.range_in_parent()
                entry["range_in_parent"] = [frames(rng.start_time, rate), frames(rng.duration, rate)]
            items.append(entry)
        trimmed = track.source_range
        tracks.append({
            "name": track.name, "kind": track.kind, "items": items,
            # the cmx_3600 reader keeps the first record timecode here, negated
            "source_start": None if trimmed is None else frames(trimmed.start_time, rate),
        })
    start = timeline.global_start_time
    return {
        "name": timeline.name,
        "global_start": None if start is None else frames(start, rate),
        "duration": frames(timeline.duration(), rate),
        "tracks": tracks,
        "metadata": json.loads(otio.core.serialize_json_to_string(timeline.metadata)),
        "start_timecode": None if start is None else otio.opentime.to_timecode(start, rate),
    }


def read_fcpxml(path):
    root = ET.parse(path).getroot()
    timed = []
    for el in root.iter():
        for attr in ("offset", "start", "duration", "frameDuration", "tcStart"):
            if attr in el.attrib:
                timed.append({"tag": el.tag, "attr": attr, "value": el.attrib[attr]})
    spine = root.find("./library/event/project/sequence/spine")
    items = []
    for el in spine:
        items.append({
            "tag": el.tag, "attrs": dict(el.attrib),
            "note": (el.find("note").text if el.find("note") is not None else None),
            "markers": [dict(m.attrib) for m in el.findall("marker")],
            "md": {md.attrib["key"]: md.attrib["value"] for md in el.findall("./metadata/md")},
            "children": [c.tag for c in el],
        })
    return {
        "root": root.tag, "version": root.attrib.get("version"),
        "format": dict(root.find("./resources/format").attrib),
        "assets": [dict(a.attrib) for a in root.findall("./resources/asset")],
        "sequence": dict(root.find("./library/event/project/sequence").attrib),
        "project": root.find("./library/event/project").attrib.get("name"),
        "timed": timed, "spine": items,
    }


def main():
    kind, path, rate_text = sys.argv[1], sys.argv[2], sys.argv[3]
    num, den = (int(x) for x in rate_text.split("/"))
    rate = num / den
    if kind == "otio":
        out = dump_timeline(otio.adapters.read_from_file(path), rate)
    elif kind == "otioz":
        out = dump_timeline(otio.adapters.read_from_file(path, extract_to_directory=sys.argv[4]), rate)
        with zipfile.ZipFile(path) as z:
            out["entries"] = [{"name": i.filename, "stored": i.compress_type == zipfile.ZIP_STORED} for i in z.infolist()]
            out["version"] = z.read("version.txt").decode("utf8")
    elif kind == "edl":
        out = dump_timeline(otio.adapters.read_from_file(path, adapter_name="cmx_3600", rate=rate), rate)
        out["adapter_module"] = otio.adapters.from_name("cmx_3600").module_abs_path()
    elif kind == "fcpxml":
        out = read_fcpxml(path)
    else:
        raise SystemExit(f"unknown kind {kind}")
    out["otio_version"] = otio.__version__
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
