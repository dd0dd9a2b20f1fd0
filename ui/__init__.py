"""ZI Desktop's Qt face. Imports the core (`zi_desktop`), holds no business rules and no SQL."""

from ui.binding_cache import import_binding

import_binding()  # PySide6.QtCore, its embedded support code from a bytecode cache

from ui.compat import guard_singletons, quiet_feature_scan  # noqa: E402 (after the binding is loaded)

guard_singletons()
quiet_feature_scan()
