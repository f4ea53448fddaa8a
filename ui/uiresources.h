#pragma once

namespace bb {

// Registers the icons compiled into bb_ui (a static library: its resources must be pulled in
// explicitly). Safe to call more than once.
void initUiResources();

} // namespace bb
