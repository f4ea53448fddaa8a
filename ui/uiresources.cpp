#include "uiresources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initBatchboardResources()
{
    Q_INIT_RESOURCE(batchboard);
}

namespace bb {

void initUiResources()
{
    static const bool done = [] {
        initBatchboardResources();
        return true;
    }();
    Q_UNUSED(done)
}

} // namespace bb
