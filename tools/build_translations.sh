#!/bin/sh
# Rebuild the English translation: extract the texts of ui/ (Indonesian is the source language),
# fill in the English from tools/translations_en.py, compile the .qm the app loads.
set -eu
cd "$(dirname "$0")/.."
TS=resources/translations/zi_desktop_en.ts
pyside6-lupdate ui/*.py -source-language id -target-language en -no-obsolete -ts "$TS"
python3 tools/fill_translations.py "$TS"
pyside6-lrelease "$TS" -qm resources/translations/zi_desktop_en.qm
python3 tools/qt_strings_id.py resources/translations/qt_id.ts
pyside6-lrelease resources/translations/qt_id.ts -qm resources/translations/qt_id.qm
