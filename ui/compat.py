"""Work-arounds for bugs of the Qt binding, each with its reason.

PySide6 6.12.0 on CPython 3.11 hands out `None` and `True` without taking a reference, as if they
were immortal (which they are only from Python 3.12 on). Measured here, per call made from Python:

- every call of a Qt method that returns nothing (`label.setText(...)`, `painter.save()`,
  `super().initStyleOption(...)`) drops one reference to `None`; so does a call that returns an
  empty QVariant as `None` (`index.data(role)` for a role without data);
- every `emit()` of a signal drops one reference to `True`.

Each answer change makes dozens of such calls, and `None` starts with only some 15,000 references:
after 20 to 85 answer changes the interpreter aborted with "Fatal Python error: none_dealloc" (and,
for `True`, "bool_dealloc"). The app keeps Python code off the paths Qt calls per painted cell
(the tree's markers are a picture from the model, not a delegate override), which removes most of
the loss, but no Qt program can avoid calling Qt methods. `None`, `True` and `False` are static
singletons that CPython never frees, so giving the affected ones a reference count no session can
exhaust is safe; it changes nothing else.

`quiet_feature_scan()` stops PySide6 from reading the source of every module imported after it
(below).

`guard_singletons()` measures the defects at start (a few hundred calls, well under a millisecond)
and pads only the singletons the running binding is found to lose. PySide6 6.11.3 loses none of
them (measured: 0 per call), so there nothing is changed, and neither on Python 3.12 or later,
where the three are immortal. `GUARDED` says what was padded and why (logged, and checked by the
tests).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

PAD = 1 << 40
PROBE_CALLS = 64

GUARDED: dict[str, str] = {}  # "None" / "True" / "False" -> what the binding was seen to do
_done = False


def _losses(action: Callable[[], object]) -> dict[str, int]:
    """References to None, True and False lost over PROBE_CALLS runs of `action`."""
    singletons = {"None": None, "True": True, "False": False}
    before = {k: sys.getrefcount(v) for k, v in singletons.items()}
    for _ in range(PROBE_CALLS):
        action()
    return {k: before[k] - sys.getrefcount(v) for k, v in singletons.items()}


def measure_binding() -> dict[str, str]:
    """Which singletons the running Qt binding loses references to, and through what."""
    from PySide6.QtCore import QObject, QStringListModel, Signal

    class _Probe(QObject):
        ping = Signal(int)

    probe = _Probe()
    probe.ping.connect(lambda _n: None)
    model = QStringListModel(["x"])
    index = model.index(0, 0)
    user_role = 0x0100  # Qt.ItemDataRole.UserRole: nothing stored there, so data() is None
    actions: dict[str, Callable[[], object]] = {
        "a call of a Qt method that returns nothing": lambda: probe.setObjectName("probe"),
        "a Qt call that returns an empty value as None": lambda: index.data(user_role),
        "a signal emission": lambda: probe.ping.emit(1),
    }
    found: dict[str, str] = {}
    for what, action in actions.items():
        for name, lost in _losses(action).items():
            if lost >= PROBE_CALLS // 2:  # one per call; a stray reference elsewhere is not a defect
                per_call = round(lost / PROBE_CALLS)
                found.setdefault(name, f"{per_call} reference(s) per {what}")
    return found


def guard_singletons() -> dict[str, str]:
    """Pad the reference counts of the singletons the binding loses (once per process)."""
    global _done
    if _done:
        return GUARDED
    _done = True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return GUARDED  # immortal there
    values = {"None": None, "True": True, "False": False}
    for name, why in measure_binding().items():
        import ctypes  # only where a defect was found (none on PySide6 6.11 and 6.12): 2 ms at start

        ctypes.c_ssize_t.from_address(id(values[name])).value += PAD
        GUARDED[name] = why
    return GUARDED


def _uses_pyside(module: ModuleType) -> bool:
    """Whether a module holds anything of PySide6 (a Qt module, class or function) among its names."""
    for value in list(vars(module).values()):
        try:
            owner = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        except Exception:  # noqa: BLE001 (an object whose attributes misbehave is not PySide's)
            continue
        if isinstance(owner, str) and owner.startswith("PySide6"):
            return True
    return False


def quiet_feature_scan() -> bool:
    """Let PySide6 tell its modules from the others without reading their source.

    PySide6 keeps, per module, which of its opt-in `__feature__` switches (`snake_case`,
    `true_property`) the module selected. To set the default it asks, for every module imported after
    `PySide6.QtCore` (and every one loaded before it), `inspect.getsource(module)` and looks for the
    word "PySide6" in it: at the app's start that reads and splits the source of some 110 modules,
    about 10 ms of a 250 ms start (issue 15; napari measured the same, napari#8584). The app never
    selects a feature, so the only thing the answer decides is whether a module is PySide's to manage;
    looking at the module's names gives that answer without touching the disk. Where the binding has
    no such hook (another version), nothing is changed. Returns whether the hook was replaced."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010 (a private hook of the binding)
    return True
