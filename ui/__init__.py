"""ZI Desktop's Qt face. Imports the core (`zi_desktop`), holds no business rules and no SQL."""

from ui.compat import guard_singletons, quiet_feature_scan

guard_singletons()  # imports PySide6.QtCore
quiet_feature_scan()
