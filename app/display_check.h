#pragma once

// Whether a window can be shown: a platform plugin was chosen explicitly (QT_QPA_PLATFORM, e.g.
// offscreen or xcb), or an X11 or Wayland display is announced. Decided before any application
// object exists, because QApplication aborts without a display.
bool displayAvailable();
