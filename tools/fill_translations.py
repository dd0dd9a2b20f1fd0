"""Fill the English TS file from tools/translations_en.py (keeps lupdate's structure)."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations_en import EN


def main(ts_path: str) -> int:
    tree = ET.parse(ts_path)
    missing = []
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None:
            tr = ET.SubElement(msg, "translation")
        text = EN.get(src)
        if text is None:
            missing.append(src)
            continue
        tr.attrib.pop("type", None)
        if msg.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            for form in (text.replace("(s)", ""), text.replace("(s)", "s")):
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = text
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    for m in missing:
        print(f"untranslated: {m!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
