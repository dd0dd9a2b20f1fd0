"""ZI Desktop's Qt face. Imports the core (`zi_desktop`), holds no business rules and no SQL."""

from ui.compat import guard_singletons

guard_singletons()
