#pragma once

#include <QColor>

class QPalette;

namespace bb {

// Semantic colours derived from the current palette, so light and dark themes both stay legible:
// on a dark base the hues are lighter, on a light base darker.
struct StatusColors
{
    QColor success; // finished requests, "Done"
    QColor failure; // failed requests, red urgency
    QColor warning; // amber urgency, waiting
    QColor active; // running, uploading (the palette's highlight)
    QColor neutral; // not started, unused capacity
    QColor banner; // Sandbox banner background
    QColor bannerText;

    static StatusColors of(const QPalette &palette);
};

bool isDarkPalette(const QPalette &palette);

} // namespace bb
